// Package emulatortest runs an in-process Apps in Toss emulator for a test: fresh certificates in
// t.TempDir(), a loopback port, a stop at t.Cleanup, and mTLS clients for partner and admin
// calls. Provider acceptance tests and the emulator's own tests share it.
//
//	inst := emulatortest.Start(t, emulator.DefaultConfig())
//	userKey, code := inst.SeedUser(t, map[string]any{"name": "홍길동"})
//	status, body := inst.Do(t, "POST", "/api-partner/v1/apps-in-toss/user/oauth2/generate-token",
//		map[string]any{"authorizationCode": code, "referrer": "DEFAULT"}, nil)
package emulatortest

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// The emulator's fault and statistics types, re-exported so callers need one import.
type (
	// FaultSpec is emulator.FaultSpec: which faults to inject, at what rate, on which routes.
	FaultSpec = emulator.FaultSpec
	// Stats is emulator.Stats: the emulator's request, handshake, fault and refusal counters.
	Stats = emulator.Stats
	// WebhookCounts is emulator.WebhookCounts: deliveries of one kind of callback.
	WebhookCounts = emulator.WebhookCounts
)

// Instance is one running emulator.
type Instance struct {
	// URL is "https://127.0.0.1:PORT".
	URL string
	// PayURL is where Toss Pay is served: URL itself, or the second listener of StartTwoHosts.
	PayURL string
	// CertDir holds what `appsintoss-emulator certs` writes; the file fields below point into it.
	CertDir          string
	AppName          string
	CAFile           string
	ClientCertFile   string
	ClientKeyFile    string
	Client2CertFile  string
	Client2KeyFile   string
	OtherAppCertFile string
	OtherAppKeyFile  string
	// StatePath is the --state file; Restart reloads it.
	StatePath string
	// Config is what the emulator was started with (StatePath filled in).
	Config emulator.Config
	// ConsoleURL is the console gateway's MCP URL (StartWithConsole), "" otherwise. It trusts
	// CAFile, as the main listener does.
	ConsoleURL string

	addr        string
	payAddr     string // "" when one listener serves both hosts
	consoleAddr string // "" without the console gateway

	mu        sync.Mutex
	emu       *emulator.Emulator
	served    []chan error
	wrap      func(http.RoundTripper) http.RoundTripper
	clients   map[string]*http.Client
	rawClient map[string]*http.Client
}

// Start writes certificates for DefaultAppName into t.TempDir(), starts an emulator on
// 127.0.0.1:0 and stops it when the test ends. An empty cfg.StatePath becomes a file in the
// temporary directory, so Restart can prove persistence. One listener serves both API hosts.
func Start(t testing.TB, cfg emulator.Config) *Instance {
	t.Helper()
	return start(t, cfg, listeners{})
}

// StartTwoHosts is Start with Toss Pay on a listener of its own (PayURL), as production has two
// hosts: URL answers Toss Pay paths with 404 and PayURL answers only them.
func StartTwoHosts(t testing.TB, cfg emulator.Config) *Instance {
	t.Helper()
	return start(t, cfg, listeners{twoHosts: true})
}

// listeners says which listeners beside the main one an Instance starts.
type listeners struct {
	twoHosts bool // Toss Pay on its own listener
	console  bool // the console gateway
}

func start(t testing.TB, cfg emulator.Config, with listeners) *Instance {
	t.Helper()
	dir := t.TempDir()
	if err := emulator.WriteCerts(dir, emulator.DefaultAppName); err != nil {
		t.Fatalf("emulatortest: writing certificates: %v", err)
	}
	if cfg.StatePath == "" {
		cfg.StatePath = filepath.Join(dir, "state.json")
	}
	inst := &Instance{
		CertDir: dir, AppName: emulator.DefaultAppName, StatePath: cfg.StatePath, Config: cfg,
		CAFile:           filepath.Join(dir, emulator.CAFile),
		ClientCertFile:   filepath.Join(dir, emulator.ClientCertFile),
		ClientKeyFile:    filepath.Join(dir, emulator.ClientKeyFile),
		Client2CertFile:  filepath.Join(dir, emulator.Client2CertFile),
		Client2KeyFile:   filepath.Join(dir, emulator.Client2KeyFile),
		OtherAppCertFile: filepath.Join(dir, emulator.OtherAppCertFile),
		OtherAppKeyFile:  filepath.Join(dir, emulator.OtherAppKeyFile),
		clients:          map[string]*http.Client{},
		rawClient:        map[string]*http.Client{},
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("emulatortest: listening: %v", err)
	}
	inst.addr = ln.Addr().String()
	inst.URL, inst.PayURL = "https://"+inst.addr, "https://"+inst.addr
	if with.console {
		inst.consoleAddr = "127.0.0.1:0"
	}
	var payLn net.Listener
	if with.twoHosts {
		if payLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			ln.Close()
			t.Fatalf("emulatortest: listening: %v", err)
		}
		inst.payAddr = payLn.Addr().String()
		inst.PayURL = "https://" + inst.payAddr
	}
	inst.serve(t, ln, payLn)
	t.Cleanup(func() { inst.stop(t) })
	return inst
}

// serve starts an emulator on ln, for both hosts, or for all but Toss Pay when payLn is given.
func (inst *Instance) serve(t testing.TB, ln, payLn net.Listener) {
	t.Helper()
	emu, err := emulator.New(inst.Config, inst.CertDir)
	if err != nil {
		ln.Close()
		if payLn != nil {
			payLn.Close()
		}
		t.Fatalf("emulatortest: %v", err)
	}
	if inst.consoleAddr != "" {
		inst.startConsole(t, emu, ln)
	}
	served := []chan error{make(chan error, 1)}
	if payLn == nil {
		go func() { served[0] <- emu.Serve(ln) }()
	} else {
		served = append(served, make(chan error, 1))
		go func() { served[0] <- emu.ServeAPI(ln) }()
		go func() { served[1] <- emu.ServePay(payLn) }()
	}
	inst.mu.Lock()
	inst.emu, inst.served = emu, served
	inst.mu.Unlock()
	// As `appsintoss-emulator serve` does before it reports ready.
	emu.VerifySubscriptionWebhook(context.Background())
}

func (inst *Instance) stop(t testing.TB) {
	t.Helper()
	inst.mu.Lock()
	emu, served := inst.emu, inst.served
	inst.emu = nil
	for _, c := range inst.clients {
		c.CloseIdleConnections()
	}
	for _, c := range inst.rawClient {
		c.CloseIdleConnections()
	}
	inst.mu.Unlock()
	if emu == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := emu.Shutdown(ctx); err != nil {
		t.Errorf("emulatortest: shutdown: %v", err)
	}
	for _, done := range served {
		if err := <-done; err != nil {
			t.Errorf("emulatortest: serve: %v", err)
		}
	}
}

// Restart stops the emulator (persisting its state) and starts a new one on the same port(s)
// with the same certificates and state file.
func (inst *Instance) Restart(t testing.TB) {
	t.Helper()
	inst.stop(t)
	ln := listenAgain(t, inst.addr)
	var payLn net.Listener
	if inst.payAddr != "" {
		payLn = listenAgain(t, inst.payAddr)
	}
	inst.serve(t, ln, payLn)
}

func listenAgain(t testing.TB, addr string) net.Listener {
	t.Helper()
	var ln net.Listener
	var err error
	for range 50 { // the old socket may take a moment to be released
		if ln, err = net.Listen("tcp", addr); err == nil {
			return ln
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("emulatortest: listening again on %s: %v", addr, err)
	return nil
}

// Emulator is the running emulator.
func (inst *Instance) Emulator() *emulator.Emulator {
	inst.mu.Lock()
	defer inst.mu.Unlock()
	return inst.emu
}

// WrapTransport wraps the transport of every client the instance makes from now on (partner and
// admin calls alike), e.g. with the api/contract validator. RawClient is never wrapped.
func (inst *Instance) WrapTransport(wrap func(http.RoundTripper) http.RoundTripper) {
	inst.mu.Lock()
	defer inst.mu.Unlock()
	inst.wrap = wrap
	inst.clients = map[string]*http.Client{}
}

// LoginSecrets returns an app's login decryption key (Base64) and AAD, as the console e-mails
// them (login-secrets.json, or the running emulator for an app not in that file).
func (inst *Instance) LoginSecrets(app string) (keyB64, aad string) {
	if secrets, err := emulator.ReadLoginSecrets(inst.CertDir); err == nil {
		if s, ok := secrets[app]; ok {
			return s.DecryptionKey, s.AAD
		}
	}
	if emu := inst.Emulator(); emu != nil {
		s := emu.LoginSecret(app)
		return s.DecryptionKey, s.AAD
	}
	return "", ""
}

// Decrypt decrypts one encrypted login-me field with the app's secrets.
func (inst *Instance) Decrypt(t testing.TB, app, field string) string {
	t.Helper()
	key, aad := inst.LoginSecrets(app)
	plain, err := emulator.DecryptPersonalField(key, aad, field)
	if err != nil {
		t.Fatalf("emulatortest: decrypting a login-me field: %v", err)
	}
	return plain
}

// Do sends a partner (or catalog) request with the app's client certificate and returns the
// status and body. body may be nil, []byte, string or a value to encode as JSON.
func (inst *Instance) Do(t testing.TB, method, path string, body any, headers map[string]string) (int, []byte) {
	t.Helper()
	return inst.DoAs(t, inst.ClientCertFile, inst.ClientKeyFile, method, path, body, headers)
}

// DoPay is Do against PayURL, where Toss Pay is served.
func (inst *Instance) DoPay(t testing.TB, method, path string, body any, headers map[string]string) (int, []byte) {
	t.Helper()
	resp, err := inst.send(inst.client(t, inst.ClientCertFile, inst.ClientKeyFile, true), inst.PayURL, method, path, body, headers)
	if err != nil {
		t.Fatalf("emulatortest: %s %s%s: %v", method, inst.PayURL, path, err)
	}
	return resp.status, resp.body
}

// DoAs is Do with another certificate pair (client2: rotation; other-app: isolation).
func (inst *Instance) DoAs(t testing.TB, certFile, keyFile, method, path string, body any, headers map[string]string) (int, []byte) {
	t.Helper()
	resp, err := inst.send(inst.client(t, certFile, keyFile, true), inst.URL, method, path, body, headers)
	if err != nil {
		t.Fatalf("emulatortest: %s %s: %v", method, path, err)
	}
	return resp.status, resp.body
}

// LoginTokens exchanges an authorization code (from SeedUser or NewAuthorizationCode) for an
// access and a refresh token through generate-token, as a partner server would.
func (inst *Instance) LoginTokens(t testing.TB, authorizationCode string) (accessToken, refreshToken string) {
	t.Helper()
	status, body := inst.Do(t, http.MethodPost, "/api-partner/v1/apps-in-toss/user/oauth2/generate-token",
		map[string]any{"authorizationCode": authorizationCode, "referrer": "DEFAULT"}, nil)
	var env struct {
		Success struct {
			AccessToken  string `json:"accessToken"`
			RefreshToken string `json:"refreshToken"`
		} `json:"success"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &env) != nil || env.Success.AccessToken == "" {
		t.Fatalf("emulatortest: generate-token: HTTP %d: %s", status, body)
	}
	return env.Success.AccessToken, env.Success.RefreshToken
}

// GetRaw reads a path (e.g. a catalog entity) and returns status and body.
func (inst *Instance) GetRaw(t testing.TB, path string) (int, []byte) {
	t.Helper()
	return inst.Do(t, http.MethodGet, path, nil, nil)
}

// Response is a raw answer from RawDo.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// RawDo sends a request with a client that is never contract-validated and returns transport
// errors instead of failing: for faults, oversize bodies and other deliberate departures.
func (inst *Instance) RawDo(t testing.TB, method, path string, body any, headers map[string]string) (*Response, error) {
	t.Helper()
	return inst.RawDoAs(t, inst.ClientCertFile, inst.ClientKeyFile, method, path, body, headers)
}

// RawDoAs is RawDo with another certificate pair.
func (inst *Instance) RawDoAs(t testing.TB, certFile, keyFile, method, path string, body any, headers map[string]string) (*Response, error) {
	t.Helper()
	resp, err := inst.send(inst.RawClient(t, certFile, keyFile), inst.URL, method, path, body, headers)
	if err != nil {
		return nil, err
	}
	return &Response{Status: resp.status, Header: resp.header, Body: resp.body}, nil
}

// RawClient is an mTLS client for a certificate pair, trusting the emulator's CA, never wrapped.
func (inst *Instance) RawClient(t testing.TB, certFile, keyFile string) *http.Client {
	t.Helper()
	return inst.client(t, certFile, keyFile, false)
}

// TLSConfig is a client TLS configuration for a certificate pair that trusts the emulator's CA.
func (inst *Instance) TLSConfig(t testing.TB, certFile, keyFile string) *tls.Config {
	t.Helper()
	caPEM, err := os.ReadFile(inst.CAFile)
	if err != nil {
		t.Fatalf("emulatortest: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	cfg := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	if certFile != "" {
		pair, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			t.Fatalf("emulatortest: %v", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return cfg
}

func (inst *Instance) client(t testing.TB, certFile, keyFile string, wrapped bool) *http.Client {
	t.Helper()
	inst.mu.Lock()
	defer inst.mu.Unlock()
	cache := inst.rawClient
	if wrapped {
		cache = inst.clients
	}
	key := certFile + "|" + keyFile
	if c, ok := cache[key]; ok {
		return c
	}
	var rt http.RoundTripper = &http.Transport{TLSClientConfig: inst.TLSConfig(t, certFile, keyFile),
		ForceAttemptHTTP2: false, MaxIdleConnsPerHost: 16}
	if wrapped && inst.wrap != nil {
		rt = inst.wrap(rt)
	}
	c := &http.Client{Transport: rt, Timeout: 30 * time.Second}
	cache[key] = c
	return c
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (inst *Instance) send(c *http.Client, base, method, path string, body any, headers map[string]string) (*answer, error) {
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		reader = bytes.NewReader(b)
	case string:
		reader = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, base+path, reader)
	if err != nil {
		return nil, err
	}
	if reader != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// Admin calls /_emulator/<path> with the app's certificate and decodes the JSON answer into out
// (when not nil); a non-200 answer fails the test.
func (inst *Instance) Admin(t testing.TB, method, path string, body, out any) {
	t.Helper()
	inst.admin(t, method, path, body, out)
}

func (inst *Instance) admin(t testing.TB, method, path string, body, out any) {
	t.Helper()
	status, data := inst.Do(t, method, "/_emulator/"+path, body, nil)
	if status != http.StatusOK {
		t.Fatalf("emulatortest: %s /_emulator/%s: HTTP %d: %s", method, path, status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("emulatortest: %s /_emulator/%s: %v", method, path, err)
		}
	}
}

// SeedUser creates a user of the app from any subset of name, phone, email, gender, birthday,
// nationality, ci (and scopes, agreedTerms, userKey, accessToken, refreshToken, …) and returns
// its userKey and a fresh authorization code.
func (inst *Instance) SeedUser(t testing.TB, fields map[string]any) (userKey int64, authCode string) {
	t.Helper()
	if fields == nil {
		fields = map[string]any{}
	}
	var out struct {
		UserKey           int64  `json:"userKey"`
		AuthorizationCode string `json:"authorizationCode"`
	}
	inst.admin(t, http.MethodPost, "users", fields, &out)
	return out.UserKey, out.AuthorizationCode
}

// SeedUserWithAnonKey is SeedUser returning the user's anonymous key (the getAnonymousKey()
// hash) instead of an authorization code.
func (inst *Instance) SeedUserWithAnonKey(t testing.TB, fields map[string]any) (userKey int64, anonKey string) {
	t.Helper()
	if fields == nil {
		fields = map[string]any{}
	}
	var out struct {
		UserKey int64  `json:"userKey"`
		AnonKey string `json:"anonKey"`
	}
	inst.admin(t, http.MethodPost, "users", fields, &out)
	return out.UserKey, out.AnonKey
}

// NewAuthorizationCode returns a fresh code for an existing user (appLogin() again).
func (inst *Instance) NewAuthorizationCode(t testing.TB, userKey int64) string {
	t.Helper()
	var out struct {
		AuthorizationCode string `json:"authorizationCode"`
	}
	inst.admin(t, http.MethodPost, fmt.Sprintf("users/%d/authorization-codes", userKey), nil, &out)
	return out.AuthorizationCode
}

// CreatePayment seeds a Toss Pay payment and returns its payToken.
func (inst *Instance) CreatePayment(t testing.TB, p emulator.PaymentSpec) (payToken string) {
	t.Helper()
	var out struct {
		PayToken string `json:"payToken"`
	}
	inst.admin(t, http.MethodPost, "payments", p, &out)
	return out.PayToken
}

// ApprovePayment stands in for the buyer paying in the app (PAY_STANDBY → PAY_APPROVED).
func (inst *Instance) ApprovePayment(t testing.TB, orderNo string) {
	t.Helper()
	inst.admin(t, http.MethodPost, "payments/"+orderNo+"/approve", nil, nil)
}

// CreateIAPOrder seeds an in-app purchase order and returns its orderId (UUID v7).
func (inst *Instance) CreateIAPOrder(t testing.TB, userKey int64, sku, status string) string {
	t.Helper()
	var out struct {
		OrderID string `json:"orderId"`
	}
	inst.admin(t, http.MethodPost, "iap-orders", map[string]any{"userKey": userKey, "sku": sku, "status": status}, &out)
	return out.OrderID
}

// SetIAPOrderStatus moves an order to another status.
func (inst *Instance) SetIAPOrderStatus(t testing.TB, orderID, status string) {
	t.Helper()
	inst.admin(t, http.MethodPost, "iap-orders/"+orderID+"/status", map[string]any{"status": status}, nil)
}

// DecideReview approves or rejects a catalog entity; kind is push-templates, promotions or
// iap-products and id its templateSetCode, promotionCode or productId.
func (inst *Instance) DecideReview(t testing.TB, kind, id, status, comment string) {
	t.Helper()
	inst.admin(t, http.MethodPost, "reviews/"+kind+"/"+id, map[string]any{"status": status, "comment": comment}, nil)
}

// DeleteOutOfBand removes a catalog entity as if someone deleted it in the console. The route is
// an emulator extra that api/openapi.yaml does not list, so it bypasses WrapTransport.
func (inst *Instance) DeleteOutOfBand(t testing.TB, kind, id string) {
	t.Helper()
	resp, err := inst.RawDo(t, http.MethodDelete, "/_emulator/catalog/"+kind+"/"+id, nil, nil)
	if err != nil {
		t.Fatalf("emulatortest: deleting %s %s out of band: %v", kind, id, err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("emulatortest: deleting %s %s out of band: HTTP %d: %s", kind, id, resp.Status, resp.Body)
	}
}

// SetFaults starts fault injection.
func (inst *Instance) SetFaults(t testing.TB, spec FaultSpec) {
	t.Helper()
	inst.admin(t, http.MethodPost, "faults", spec, nil)
}

// ClearFaults stops fault injection.
func (inst *Instance) ClearFaults(t testing.TB) {
	t.Helper()
	inst.admin(t, http.MethodDelete, "faults", nil, nil)
}

// Stats reads the counters.
func (inst *Instance) Stats(t testing.TB) Stats {
	t.Helper()
	var s Stats
	inst.admin(t, http.MethodGet, "stats", nil, &s)
	return s
}

// Clock is a settable clock for Config.Now: tests move time instead of sleeping.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at start (zero: a fixed, recent instant).
func NewClock(start time.Time) *Clock {
	if start.IsZero() {
		start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	return &Clock{now: start}
}

// Now reads the clock; pass it as Config.Now.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
