package client

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/pki"
)

func okHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, okBody) })
}

func TestHandshakeSucceedsWithTheConsoleIssuedPair(t *testing.T) {
	p := newTestPKI(t)
	srv := p.mtlsServer(okHandler())
	c := p.newTestClient(srv, Config{})

	var out okPayload
	if err := c.Do(context.Background(), Call{Method: "GET", Path: "/ping"}, &out); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if out.Value != "ok" {
		t.Errorf("payload = %+v", out)
	}
}

func TestHandshakeFailsWithACertificateTheServerDoesNotTrust(t *testing.T) {
	p := newTestPKI(t)
	var connections atomic.Int32
	srv := p.mtlsServer(okHandler(), func(s *httptest.Server) {
		s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
			if state == http.StateNew {
				connections.Add(1)
			}
		}
	})
	stranger := newTestPKI(t)
	c := p.newTestClient(srv, Config{Certificates: []*Certificate{stranger.validClientCert("client_certificate")}, MaxRetries: 4})
	t.Cleanup(func() {
		// A certificate problem is not transient: one connection, no retries.
		if n := connections.Load(); n != 1 {
			t.Errorf("the client opened %d connections, want 1 (TLS errors are never retried)", n)
		}
	})

	err := c.Do(context.Background(), Call{Method: "GET", Path: "/ping"}, nil)
	var tlsErr *TLSError
	if !errors.As(err, &tlsErr) {
		t.Fatalf("want *TLSError, got %T: %v", err, err)
	}
	if !strings.Contains(err.Error(), "rejected every configured client certificate") {
		t.Errorf("error does not say the certificate was rejected: %v", err)
	}
}

func TestServerWithoutClientCertificateIsStillVerified(t *testing.T) {
	// A server whose certificate comes from a CA we do not trust must fail, whatever else.
	p := newTestPKI(t)
	srv := p.mtlsServer(okHandler())
	other := newTestPKI(t)
	c := p.newTestClient(srv, Config{RootCAs: other.roots()})

	err := c.Do(context.Background(), Call{Method: "GET", Path: "/ping"}, nil)
	var tlsErr *TLSError
	if !errors.As(err, &tlsErr) || !strings.Contains(err.Error(), "not trusted") {
		t.Fatalf("want an untrusted-server TLSError, got %T: %v", err, err)
	}
}

func TestServerCertificateForAnotherHostFails(t *testing.T) {
	p := newTestPKI(t)
	srv := httptest.NewUnstartedServer(okHandler())
	wrongHost, err := p.ca.Issue(pki.Options{CommonName: "elsewhere.example", DNSNames: []string{"elsewhere.example"}, Server: true})
	if err != nil {
		t.Fatal(err)
	}
	pair, _ := tls.X509KeyPair(wrongHost.CertPEM, wrongHost.KeyPEM)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: p.roots()}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c := p.newTestClient(srv, Config{})

	err = c.Do(context.Background(), Call{Method: "GET", Path: "/ping"}, nil)
	if err == nil || !strings.Contains(err.Error(), "not valid for the host name") {
		t.Fatalf("want a host-name error, got %v", err)
	}
}

func TestServerOfferingOnlyTLS11IsRefused(t *testing.T) {
	p := newTestPKI(t)
	srv := httptest.NewUnstartedServer(okHandler())
	serverCert, _ := p.ca.IssueServer()
	pair, _ := tls.X509KeyPair(serverCert.CertPEM, serverCert.KeyPEM)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c := p.newTestClient(srv, Config{})

	err := c.Do(context.Background(), Call{Method: "GET", Path: "/ping"}, nil)
	var tlsErr *TLSError
	if !errors.As(err, &tlsErr) {
		t.Fatalf("want *TLSError for a TLS 1.1 server, got %T: %v", err, err)
	}
}

func TestRotationPresentsTheValidPairThatExpiresLast(t *testing.T) {
	p := newTestPKI(t)
	now := time.Now()
	older := p.clientCert("client_certificate", now.Add(-48*time.Hour), now.AddDate(0, 6, 0))
	newer := p.clientCert("additional_client_certificates[0]", now.Add(-time.Hour), now.AddDate(1, 0, 0))
	expired := p.clientCert("additional_client_certificates[1]", now.AddDate(-2, 0, 0), now.AddDate(-1, 0, 0))
	notYet := p.clientCert("additional_client_certificates[2]", now.Add(24*time.Hour), now.AddDate(2, 0, 0))

	order := RotationOrder([]*Certificate{older, expired, newer, notYet}, now)
	if len(order) != 2 || order[0] != newer || order[1] != older {
		t.Fatalf("rotation order = %v, want [newer older]", labels(order))
	}

	var presented string
	srv := p.mtlsServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		presented = r.TLS.PeerCertificates[0].SerialNumber.String()
		writeJSON(w, 200, okBody)
	}))
	c := p.newTestClient(srv, Config{Certificates: []*Certificate{older, expired, newer, notYet}})
	if err := c.Do(context.Background(), Call{Method: "GET", Path: "/ping"}, nil); err != nil {
		t.Fatal(err)
	}
	if presented != newer.Leaf.SerialNumber.String() {
		t.Errorf("server saw serial %s, want the newer pair %s", presented, newer.Leaf.SerialNumber)
	}
}

func TestRotationFallsBackToTheNextPairWhenTheServerRejectsOne(t *testing.T) {
	p := newTestPKI(t)
	revoked := newTestPKI(t) // stands for a certificate disabled in the console
	now := time.Now()
	rejected := revoked.clientCert("client_certificate", now.Add(-time.Hour), now.AddDate(2, 0, 0))
	accepted := p.clientCert("additional_client_certificates[0]", now.Add(-time.Hour), now.AddDate(1, 0, 0))

	h := &countingHandler{respond: func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, okBody) }}
	srv := p.mtlsServer(h)
	c := p.newTestClient(srv, Config{Certificates: []*Certificate{rejected, accepted}, MaxRetries: 0})

	if got := c.ActiveCertificate().Label; got != "client_certificate" {
		t.Fatalf("before the rejection the active pair is %s, want the one that expires last", got)
	}
	// An unrepeatable write proves the fallback is not a retry of a processed request.
	if err := c.Do(context.Background(), Call{Method: "POST", Path: "/pay", Body: map[string]int{"amount": 1}, Safety: UnrepeatableWrite}, nil); err != nil {
		t.Fatalf("Do after rejection: %v", err)
	}
	if got := c.ActiveCertificate().Label; got != "additional_client_certificates[0]" {
		t.Errorf("after the rejection the active pair is %s", got)
	}
	if n := h.calls.Load(); n != 1 {
		t.Errorf("server handled %d requests, want exactly 1", n)
	}
}

func TestNewRefusesASetWithNoCurrentlyValidCertificate(t *testing.T) {
	p := newTestPKI(t)
	now := time.Now()
	expired := p.clientCert("client_certificate", now.AddDate(-2, 0, 0), now.AddDate(-1, 0, 0))
	_, err := New(Config{Certificates: []*Certificate{expired}})
	if err == nil || !strings.Contains(err.Error(), "expired on") {
		t.Fatalf("want an error naming the expiry, got %v", err)
	}
}

func labels(certs []*Certificate) []string {
	var out []string
	for _, c := range certs {
		out = append(out, c.Label)
	}
	return out
}
