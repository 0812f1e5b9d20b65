package client

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/pki"
)

// testPKI is one test's certificate world: a CA trusted by the server for client certificates,
// and the server certificate the client verifies.
type testPKI struct {
	t  *testing.T
	ca *pki.Authority
}

func newTestPKI(t *testing.T) *testPKI {
	t.Helper()
	ca, err := pki.NewAuthority("client-test CA")
	if err != nil {
		t.Fatal(err)
	}
	return &testPKI{t: t, ca: ca}
}

func (p *testPKI) roots() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(p.ca.Cert)
	return pool
}

// clientCert issues a client certificate for "demo-app" valid for the given window.
func (p *testPKI) clientCert(label string, notBefore, notAfter time.Time) *Certificate {
	p.t.Helper()
	issued, err := p.ca.Issue(pki.Options{CommonName: "demo-app", Client: true, NotBefore: notBefore, NotAfter: notAfter})
	if err != nil {
		p.t.Fatal(err)
	}
	cert, err := ParseCertificate(label, issued.CertPEM, issued.KeyPEM)
	if err != nil {
		p.t.Fatal(err)
	}
	return cert
}

func (p *testPKI) validClientCert(label string) *Certificate {
	return p.clientCert(label, time.Now().Add(-time.Hour), time.Now().AddDate(1, 0, 0))
}

// mtlsServer starts an httptest TLS server that requires and verifies client certificates
// signed by p's CA, like Apps in Toss does. Each option adjusts the server before it starts.
func (p *testPKI) mtlsServer(handler http.Handler, options ...func(*httptest.Server)) *httptest.Server {
	p.t.Helper()
	srv := httptest.NewUnstartedServer(handler)
	serverCert, err := p.ca.IssueServer()
	if err != nil {
		p.t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(serverCert.CertPEM, serverCert.KeyPEM)
	if err != nil {
		p.t.Fatal(err)
	}
	srv.TLS = &tls.Config{
		Certificates: []tls.Certificate{pair},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    p.roots(),
		MinVersion:   tls.VersionTLS12,
	}
	for _, option := range options {
		option(srv)
	}
	srv.StartTLS()
	p.t.Cleanup(srv.Close)
	return srv
}

// newTestClient builds a client for srv with fast retries and no rate limit unless cfg says so.
func (p *testPKI) newTestClient(srv *httptest.Server, cfg Config) *Client {
	p.t.Helper()
	if cfg.Endpoint == "" {
		cfg.Endpoint = srv.URL
	}
	if cfg.PayEndpoint == "" {
		cfg.PayEndpoint = srv.URL
	}
	if cfg.Certificates == nil {
		cfg.Certificates = []*Certificate{p.validClientCert("client_certificate")}
	}
	if cfg.RootCAs == nil {
		cfg.RootCAs = p.roots()
	}
	if cfg.RetryBaseDelay == 0 {
		cfg.RetryBaseDelay = time.Millisecond
		cfg.RetryMaxDelay = 5 * time.Millisecond
	}
	c, err := New(cfg)
	if err != nil {
		p.t.Fatal(err)
	}
	return c
}

// countingHandler answers with respond(n) for the n-th request (1-based) and counts them.
type countingHandler struct {
	calls   atomic.Int32
	respond func(n int, w http.ResponseWriter, r *http.Request)
}

func (h *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.respond(int(h.calls.Add(1)), w, r)
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

const okBody = `{"resultType":"SUCCESS","success":{"value":"ok"}}`

type okPayload struct {
	Value string `json:"value"`
}
