// Package client is the one mTLS client that every resource, data source and ephemeral resource
// of the provider shares. It owns TLS (client certificates and their rotation), the request
// pipeline (rate limiter → per-request timeout → envelope decoding → typed errors → retries) and
// logging. Typed methods for each API area live in files of their own and all go through Do.
package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Default endpoints of the real service (reference §1.1).
const (
	DefaultEndpoint    = "https://apps-in-toss-api.toss.im"
	DefaultPayEndpoint = "https://pay-apps-in-toss-api.toss.im"

	DefaultMaxRetries         = 4
	DefaultRequestTimeout     = 30 * time.Second
	DefaultRateLimitPerMinute = 3000 // the documented per-mini-app limit (reference §1.5)
	DefaultMaxRetryWait       = 30 * time.Second
	DefaultReadTimeout        = 2 * time.Minute
)

// Config is everything the client needs. The provider builds it from its configuration; tests
// build it directly.
type Config struct {
	Endpoint    string // partner API host, e.g. https://apps-in-toss-api.toss.im
	PayEndpoint string // Toss Pay host

	// Certificates are the configured client certificates; the client presents the valid one
	// with the latest NotAfter and falls back to the next when the server rejects it.
	Certificates []*Certificate
	// RootCAs verifies the server; nil means the system roots.
	RootCAs *x509.CertPool

	MaxRetries         int           // retries after the first attempt, for faults only (not for pacing answers)
	RequestTimeout     time.Duration // per attempt
	RateLimitPerMinute int           // where the shared limiter starts and the most it recovers to; 0 switches it off
	UserAgent          string
	// MaxRetryWait caps one wait between two attempts; a server that asks for a longer one is
	// not waited for. Zero means DefaultMaxRetryWait.
	MaxRetryWait time.Duration
	// ReadTimeout is the deadline of a call whose context has none (refresh, data sources,
	// import, ephemeral resources). Zero means DefaultReadTimeout.
	ReadTimeout time.Duration

	// LoginDecryptionKey and LoginDecryptionAAD decrypt login personal fields (AES-256-GCM).
	// Empty means personal fields are never decrypted.
	LoginDecryptionKey []byte
	LoginDecryptionAAD string

	// RetryBaseDelay and RetryMaxDelay shape the exponential backoff; zero means the defaults
	// (500 ms doubling up to 10 s). Tests shorten them.
	RetryBaseDelay time.Duration
	RetryMaxDelay  time.Duration

	// Now is the clock used to pick certificates; nil means time.Now.
	Now func() time.Time
}

// Client is safe for concurrent use; the provider makes exactly one per configuration.
type Client struct {
	apiBase *url.URL
	payBase *url.URL
	http    *http.Client
	certs   *certificateRotation
	// policy is the deadline, rate limiter and retry discipline of every call (policy.go).
	policy    *policy
	userAgent string

	loginKey []byte
	loginAAD string
	now      func() time.Time
}

// New builds the client. It makes no network call: a plan that needs no API works offline.
func New(cfg Config) (*Client, error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	apiBase, err := parseEndpoint("endpoint", cfg.Endpoint, DefaultEndpoint)
	if err != nil {
		return nil, err
	}
	payBase, err := parseEndpoint("pay_endpoint", cfg.PayEndpoint, DefaultPayEndpoint)
	if err != nil {
		return nil, err
	}
	if len(cfg.Certificates) == 0 {
		return nil, errors.New("no client certificate configured")
	}
	if err := CheckOneMiniApp(cfg.Certificates); err != nil {
		return nil, err
	}
	rotation, err := newCertificateRotation(cfg.Certificates, now)
	if err != nil {
		return nil, err
	}
	pol, err := newPolicy(PolicyConfig{RateLimitPerMinute: cfg.RateLimitPerMinute, MaxRetries: cfg.MaxRetries,
		RequestTimeout: cfg.RequestTimeout, ReadTimeout: cfg.ReadTimeout, MaxRetryWait: cfg.MaxRetryWait,
		RetryBaseDelay: cfg.RetryBaseDelay, RetryMaxDelay: cfg.RetryMaxDelay})
	if err != nil {
		return nil, err
	}
	if len(cfg.LoginDecryptionKey) != 0 && len(cfg.LoginDecryptionKey) != 32 {
		return nil, fmt.Errorf("the login decryption key must decode to 32 bytes (AES-256), got %d", len(cfg.LoginDecryptionKey))
	}

	c := &Client{
		apiBase:   apiBase,
		payBase:   payBase,
		certs:     rotation,
		policy:    pol,
		userAgent: cfg.UserAgent,
		loginKey:  cfg.LoginDecryptionKey,
		loginAAD:  cfg.LoginDecryptionAAD,
		now:       now,
	}
	c.http = &http.Client{Transport: newTransport(rotation, cfg.RootCAs), CheckRedirect: RefuseRedirects}
	return c, nil
}

func parseEndpoint(name, raw, fallback string) (*url.URL, error) {
	if raw == "" {
		raw = fallback
	}
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%s %q is not an absolute URL such as %s", name, raw, fallback)
	}
	if u.Scheme != "https" {
		return nil, fmt.Errorf("%s %q must use https: Apps in Toss only speaks mTLS", name, raw)
	}
	return u, nil
}

// newTransport is the one pooled, keep-alive transport of the provider process: a whole
// plan/apply pays for a handful of TLS handshakes, not one per request.
func newTransport(rotation *certificateRotation, roots *x509.CertPool) *http.Transport {
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		TLSClientConfig: &tls.Config{
			MinVersion:           tls.VersionTLS12,
			RootCAs:              roots,
			GetClientCertificate: rotation.clientCertificate,
		},
		ForceAttemptHTTP2:   true,
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 32, // Terraform's default -parallelism is 10; leave room
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 15 * time.Second,
	}
}

// Certificates describes every configured certificate, in configuration order.
func (c *Client) Certificates() []CertificateInfo {
	now := c.now()
	infos := make([]CertificateInfo, 0, len(c.certs.all))
	for _, cert := range c.certs.all {
		infos = append(infos, cert.Info(now))
	}
	return infos
}

// ActiveCertificate describes the certificate the client presents now.
func (c *Client) ActiveCertificate() CertificateInfo {
	return c.certs.current().Info(c.now())
}

// HasLoginDecryptionKey reports whether login personal fields can be decrypted.
func (c *Client) HasLoginDecryptionKey() bool { return len(c.loginKey) > 0 }

// certificateRotation holds the configured pairs and which one is presented. The console allows
// several live certificates; the newest valid one goes first and a rejected one is skipped.
type certificateRotation struct {
	all []*Certificate

	mu    sync.Mutex
	order []*Certificate // valid pairs, newest NotAfter first
	index int
}

func newCertificateRotation(certs []*Certificate, now func() time.Time) (*certificateRotation, error) {
	order := RotationOrder(certs, now())
	if len(order) == 0 {
		return nil, NoValidCertificateError(certs, now())
	}
	return &certificateRotation{all: certs, order: order}, nil
}

func (r *certificateRotation) current() *Certificate {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.order[r.index]
}

func (r *certificateRotation) clientCertificate(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
	cert := r.current()
	return &cert.keyPair, nil
}

// advance moves to the next pair after the server rejected `rejected`. It reports false when
// there is no other pair to try. Concurrent requests that saw the same rejection advance once.
func (r *certificateRotation) advance(rejected *Certificate) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.order[r.index] != rejected {
		return true // another request already moved on
	}
	if r.index+1 >= len(r.order) {
		return false
	}
	r.index++
	return true
}
