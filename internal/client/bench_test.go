package client

// Micro-benchmarks of the request pipeline (issue 7). Run them with
//
//	go test -run '^$' -bench . -benchmem ./internal/client
//
// BenchmarkDo goes through a real mTLS loopback connection (kept alive, so the handshake is paid
// once); BenchmarkPipeline swaps the transport for an in-memory one, so what is left is the
// pipeline's own work: limiter, request building, logging, envelope decoding, retries. The
// "trace-sink" variants carry a provider root logger at TRACE writing to /dev/null, which is what
// every request sees inside a real provider process: terraform-plugin-go always logs at TRACE and
// leaves the filtering to Terraform.

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/terraform-plugin-log/tfsdklog"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/pki"
)

// benchTemplateBody is a catalog answer of realistic size: one push template.
const benchTemplateBody = `{"resultType":"SUCCESS","success":{"code":"ORDER_SHIPPED","templateSetCode":"demo-app-ORDER_SHIPPED",` +
	`"name":"Order shipped","title":"Your order has shipped","body":"Hello {{name}}, order {{orderNo}} is on its way.",` +
	`"landingUrl":"intoss://demo-app/orders","agreementRequired":false,"reviewStatus":"APPROVED"},"error":null}`

const benchRateLimitedBody = `{"resultType":"FAIL","success":null,"error":{"errorCode":"4095","reason":"too many requests",` +
	`"data":{"retryAfterSeconds":1}}}`

const benchOAuthErrorBody = `{"error":"invalid_grant"}`

var benchInternalErrorBody = []byte(`{"resultType":"FAIL","success":null,"error":{"errorCode":"INTERNAL_ERROR","reason":"x"}}`)

var benchTemplateInput = PushTemplateInput{Code: "ORDER_SHIPPED", Name: "Order shipped", Title: "Your order has shipped",
	Body: "Hello {{name}}, order {{orderNo}} is on its way.", LandingURL: "intoss://demo-app/orders"}

// benchWorld is a CA, a client certificate and an mTLS server that answers with respond.
type benchWorld struct {
	ca   *pki.Authority
	cert *Certificate
}

func newBenchWorld(b *testing.B) *benchWorld {
	b.Helper()
	ca, err := pki.NewAuthority("bench CA")
	if err != nil {
		b.Fatal(err)
	}
	issued, err := ca.Issue(pki.Options{CommonName: "demo-app", Client: true,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(1, 0, 0)})
	if err != nil {
		b.Fatal(err)
	}
	cert, err := ParseCertificate("client_certificate", issued.CertPEM, issued.KeyPEM)
	if err != nil {
		b.Fatal(err)
	}
	return &benchWorld{ca: ca, cert: cert}
}

func (w *benchWorld) roots() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(w.ca.Cert)
	return pool
}

// server is an httptest mTLS server, like Apps in Toss: client certificates are required.
func (w *benchWorld) server(b *testing.B, h http.Handler) *httptest.Server {
	b.Helper()
	srv := httptest.NewUnstartedServer(h)
	issued, err := w.ca.IssueServer()
	if err != nil {
		b.Fatal(err)
	}
	pair, err := tls.X509KeyPair(issued.CertPEM, issued.KeyPEM)
	if err != nil {
		b.Fatal(err)
	}
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, ClientAuth: tls.RequireAndVerifyClientCert,
		ClientCAs: w.roots(), MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	b.Cleanup(srv.Close)
	return srv
}

// client builds a client for endpoint with near-zero backoff; cfg fills in the rest.
func (w *benchWorld) client(b *testing.B, endpoint string, cfg Config) *Client {
	b.Helper()
	cfg.Endpoint, cfg.PayEndpoint = endpoint, endpoint
	cfg.Certificates = []*Certificate{w.cert}
	cfg.RootCAs = w.roots()
	cfg.RetryBaseDelay, cfg.RetryMaxDelay = time.Nanosecond, time.Nanosecond
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	c, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.http.CloseIdleConnections)
	return c
}

// noWaitLimit is a client-side limit so high that the limiter never sleeps: what is measured is
// the token bookkeeping itself.
const noWaitLimit = 1 << 30

// traceContext is a context carrying a provider root logger at TRACE that writes to /dev/null, as
// inside a provider process (where it writes to the plugin's stderr).
func traceContext(b *testing.B) context.Context {
	b.Helper()
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { devNull.Close() })
	saved := os.Stderr
	os.Stderr = devNull // the logger takes os.Stderr as its output when it is made
	ctx := tfsdklog.NewRootProviderLogger(context.Background(), tfsdklog.WithLevel(hclog.Trace))
	os.Stderr = saved
	return ctx
}

func benchRespond(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// BenchmarkDo is one catalog call through the whole pipeline and a real mTLS loopback connection.
func BenchmarkDo(b *testing.B) {
	w := newBenchWorld(b)
	srv := w.server(b, benchRespond(http.StatusOK, benchTemplateBody))

	read := func(b *testing.B, c *Client, ctx context.Context) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.GetPushTemplate(ctx, "demo-app-ORDER_SHIPPED"); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("get/limiter-off", func(b *testing.B) { read(b, w.client(b, srv.URL, Config{}), context.Background()) })
	b.Run("get/limiter-on", func(b *testing.B) {
		read(b, w.client(b, srv.URL, Config{RateLimitPerMinute: noWaitLimit}), context.Background())
	})
	b.Run("get/limiter-on/trace-sink", func(b *testing.B) {
		read(b, w.client(b, srv.URL, Config{RateLimitPerMinute: noWaitLimit}), traceContext(b))
	})
	b.Run("create/idempotency-key", func(b *testing.B) {
		c := w.client(b, srv.URL, Config{})
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.CreatePushTemplate(context.Background(), benchTemplateInput); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("get/parallel", func(b *testing.B) {
		c := w.client(b, srv.URL, Config{})
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := c.GetPushTemplate(context.Background(), "demo-app-ORDER_SHIPPED"); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkDoRetry is a read that fails once with a retryable answer and then succeeds: two
// attempts, one (near-zero) backoff, one operation.
func BenchmarkDoRetry(b *testing.B) {
	w := newBenchWorld(b)
	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"after-503", http.StatusServiceUnavailable, string(benchInternalErrorBody)},
		{"after-4095", http.StatusTooManyRequests, strings.Replace(benchRateLimitedBody, `"retryAfterSeconds":1`, `"retryAfterSeconds":0`, 1)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var n atomic.Int64
			srv := w.server(b, http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				if n.Add(1)%2 == 1 {
					benchRespond(tc.status, tc.body)(rw, r)
					return
				}
				benchRespond(http.StatusOK, benchTemplateBody)(rw, r)
			}))
			c := w.client(b, srv.URL, Config{})
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.GetPushTemplate(context.Background(), "demo-app-ORDER_SHIPPED"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// memTransport answers every request in memory with a fixed status and body, so the pipeline's
// own costs are all that is measured.
type memTransport struct {
	status int
	body   []byte
	fail   atomic.Int64 // answer this many requests with failStatus first (retry benchmarks)
	header http.Header
}

func (m *memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	status, body := m.status, m.body
	if m.fail.Load() > 0 {
		m.fail.Add(-1)
		status, body = http.StatusServiceUnavailable, benchInternalErrorBody
	}
	return &http.Response{StatusCode: status, Header: m.header, Body: io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)), Request: req}, nil
}

func inMemory(b *testing.B, cfg Config, status int, body string) (*Client, *memTransport) {
	b.Helper()
	w := newBenchWorld(b)
	c := w.client(b, "https://apps-in-toss-api.example", cfg)
	mt := &memTransport{status: status, body: []byte(body), header: http.Header{"Content-Type": {"application/json"}}}
	c.http = &http.Client{Transport: mt}
	return c, mt
}

// BenchmarkPipeline is Do with an in-memory transport: no TLS, no sockets.
func BenchmarkPipeline(b *testing.B) {
	get := Call{Method: http.MethodGet, Path: catalogPrefix + "/push-templates/demo-app-ORDER_SHIPPED", Safety: Read}
	post := Call{Method: http.MethodPost, Path: catalogPrefix + "/push-templates", Body: benchTemplateInput, Safety: IdempotentWrite}
	run := func(b *testing.B, c *Client, ctx context.Context, call Call, before func()) {
		b.ReportAllocs()
		for b.Loop() {
			if before != nil {
				before()
			}
			var out PushTemplate
			if err := c.Do(ctx, call, &out); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("get/limiter-off", func(b *testing.B) {
		c, _ := inMemory(b, Config{}, http.StatusOK, benchTemplateBody)
		run(b, c, context.Background(), get, nil)
	})
	b.Run("get/limiter-on", func(b *testing.B) {
		c, _ := inMemory(b, Config{RateLimitPerMinute: noWaitLimit}, http.StatusOK, benchTemplateBody)
		run(b, c, context.Background(), get, nil)
	})
	b.Run("get/limiter-on/trace-sink", func(b *testing.B) {
		c, _ := inMemory(b, Config{RateLimitPerMinute: noWaitLimit}, http.StatusOK, benchTemplateBody)
		run(b, c, traceContext(b), get, nil)
	})
	b.Run("create/limiter-on/trace-sink", func(b *testing.B) {
		c, _ := inMemory(b, Config{RateLimitPerMinute: noWaitLimit}, http.StatusOK, benchTemplateBody)
		run(b, c, traceContext(b), post, nil)
	})
	b.Run("get/retry-once", func(b *testing.B) {
		c, mt := inMemory(b, Config{}, http.StatusOK, benchTemplateBody)
		run(b, c, context.Background(), get, func() { mt.fail.Store(1) })
	})
}

// BenchmarkDecodeEnvelope is the envelope decoding alone, for the answers a catalog run sees.
func BenchmarkDecodeEnvelope(b *testing.B) {
	header := http.Header{"Content-Type": {"application/json"}}
	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"success", http.StatusOK, benchTemplateBody},
		{"rate-limited-4095", http.StatusTooManyRequests, benchRateLimitedBody},
		{"oauth-error", http.StatusBadRequest, benchOAuthErrorBody},
	} {
		body := []byte(tc.body)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				_, _ = decodeEnvelope(http.MethodGet, "/x", tc.status, header, body)
			}
		})
	}
	b.Run("success+payload", func(b *testing.B) {
		body := []byte(benchTemplateBody)
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			payload, err := decodeEnvelope(http.MethodGet, "/x", http.StatusOK, header, body)
			if err != nil {
				b.Fatal(err)
			}
			var out PushTemplate
			if err := decodePayload(http.MethodGet, "/x", http.StatusOK, payload, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRedactBody is what the TRACE body logging costs per body. It runs for every request
// and every response, whatever TF_LOG says: the arguments of logTrace are built before the
// logger looks at its level.
func BenchmarkRedactBody(b *testing.B) {
	body := []byte(benchTemplateBody)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		_ = redactBody(body)
	}
}
