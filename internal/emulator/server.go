package emulator

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Emulator is one Apps in Toss API: both partner hosts (on one address, or one each), the
// catalog contract and the /_emulator/ admin surface, behind mTLS.
type Emulator struct {
	cfg   Config
	certs *Certs
	mux   *http.ServeMux
	// notFound answers what a listener does not serve, as any unknown path is answered.
	notFound http.Handler
	// apiRoutes are the partner and catalog patterns, what fault specs are checked against.
	apiRoutes routeTable
	// servers has one HTTP server per kind of listener (hosts.go); Shutdown stops them all.
	servers map[hosts]*http.Server
	tls     *tls.Config
	faults  *faultInjector
	limits  *rateLimits
	stats   *statsCounter
	// webhooks delivers the callbacks Toss sends to partners (unlink, subscription events).
	webhooks *webhookSender

	// mu guards st. Handlers hold it only while they read or change state, never during I/O.
	mu sync.Mutex
	st *state

	// idempotencyMu serialises catalog mutations that carry an Idempotency-Key, so two concurrent
	// retries of one operation cannot both run it.
	idempotencyMu sync.Mutex

	// console is the console gateway's listener, once StartConsole has run.
	console consoleSlot
}

// Limits that keep a slow or greedy client from holding the server.
const (
	maxBodyBytes      = 1 << 20
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
)

// New prepares an emulator with the certificates WriteCerts wrote into certDir. It loads
// cfg.StatePath when that file exists, otherwise applies cfg.Seed.
func New(cfg Config, certDir string) (*Emulator, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	certs, err := LoadCerts(certDir)
	if err != nil {
		return nil, fmt.Errorf("loading certificates from %s: %w", certDir, err)
	}
	e := &Emulator{
		cfg:    cfg,
		certs:  certs,
		faults: newFaultInjector(),
		limits: newRateLimits(cfg.RateLimitPerMinute, cfg.UserLimitPerMinute),
		stats:  newStatsCounter(),
		st:     newState(),
	}
	e.console.certDir = certDir
	e.webhooks = newWebhookSender(cfg.WebhookTimeout, cfg.Logger, e.stats)
	loaded, err := e.loadState()
	if err != nil {
		return nil, err
	}
	if !loaded && cfg.Seed != nil {
		if err := e.applySeed(cfg.Seed); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
	}
	e.mux = e.routes()
	e.notFound = e.partner(e.notFoundRoute)
	e.apiRoutes.mux = e.mux
	e.tls = e.tlsConfig()
	e.servers = map[hosts]*http.Server{}
	for _, h := range []hosts{bothHosts, apiHost, payHost} {
		e.servers[h] = e.newHTTPServer(h)
	}
	return e, nil
}

func (e *Emulator) newHTTPServer(h hosts) *http.Server {
	protocols := new(http.Protocols)
	protocols.SetHTTP1(true) // HTTP/1.1 only: the connection faults hijack the connection
	return &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { e.serveHTTP(w, r, h) }),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		Protocols:         protocols,
		ErrorLog:          slog.NewLogLogger(e.cfg.Logger.Handler(), slog.LevelDebug),
	}
}

// Serve accepts TLS connections on ln for both API hosts until Shutdown; it returns nil after a
// clean Shutdown. ServeAPI and ServePay split the hosts over two listeners, as production does.
func (e *Emulator) Serve(ln net.Listener) error { return e.serve(ln, bothHosts) }

func (e *Emulator) serve(ln net.Listener, h hosts) error {
	err := e.servers[h].Serve(tls.NewListener(ln, e.tls))
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting on every listener (the console's too), waits for in-flight requests
// (bounded by ctx), and writes the state to Config.StatePath when it is set.
func (e *Emulator) Shutdown(ctx context.Context) error {
	var stopErrs []error
	for _, srv := range e.servers {
		stopErrs = append(stopErrs, srv.Shutdown(ctx))
	}
	stopErrs = append(stopErrs, e.stopConsole(ctx))
	e.webhooks.close()
	return errors.Join(errors.Join(stopErrs...), e.saveState())
}

// call is one request as the handlers see it: the app named by the client certificate, the body
// already read (at most 1 MiB), and one reading of the clock.
type call struct {
	r    *http.Request
	app  string
	body []byte
	now  time.Time
}

type callKey struct{}

// callFrom returns the call the server's entry point attached to every routed request.
func callFrom(r *http.Request) *call {
	c, _ := r.Context().Value(callKey{}).(*call) // always set by the server before routing
	return c
}

// handlerFunc is a partner, catalog or admin operation: it returns the success payload or an
// *apiError / *oauthError, and the adapter renders it.
type handlerFunc func(c *call) (any, error)

const (
	partnerPrefix = "/api-partner/v1/apps-in-toss"
	catalogPrefix = partnerPrefix + "/catalog"
	adminPrefix   = "/_emulator/"
)

// ServeHTTP serves one request as a listener for both API hosts does.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) { e.serveHTTP(w, r, bothHosts) }

// serveHTTP runs the steps every request shares, in order: identify the app, read the body
// (413 over 1 MiB), count it, roll faults, take a token from the app's bucket, then route. A path
// the listener's host does not serve is routed like an unknown path.
func (e *Emulator) serveHTTP(w http.ResponseWriter, r *http.Request, h hosts) {
	started := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	app := appOf(r)
	defer func() { e.logRequest(r, sw, app, time.Since(started)) }()

	if app == "" {
		writeFail(sw, &apiError{HTTPStatus: http.StatusUnauthorized, Code: codeUnauthorized,
			Reason: "클라이언트 인증서가 필요해요."})
		return
	}
	var handler http.Handler = e.mux
	_, pattern := e.mux.Handler(r)
	if !h.serves(r.URL.Path) {
		handler, pattern = e.notFound, ""
	}
	route := routeName(pattern)
	admin := strings.HasPrefix(r.URL.Path, adminPrefix)

	body, err := io.ReadAll(http.MaxBytesReader(sw, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeFail(sw, &apiError{HTTPStatus: http.StatusRequestEntityTooLarge, Code: codePayloadTooLarge,
				Reason: "요청 본문은 1 MiB를 넘을 수 없어요."})
			return
		}
		writeFail(sw, invalidParameter("body", "요청 본문을 읽지 못했어요."))
		return
	}
	c := &call{app: app, body: body, now: e.cfg.Now()}
	r = r.WithContext(context.WithValue(r.Context(), callKey{}, c))
	c.r = r // the mux sets path values on this request

	if admin {
		handler.ServeHTTP(sw, r)
		return
	}
	e.stats.countRequest(route)
	fault := e.faults.roll(r, pattern, route)
	if fault.served(sw, r, e.stats) {
		return
	}
	if ok, retry := e.limits.allowApp(app, c.now); !ok {
		e.stats.countRateLimited()
		writeFail(sw, rateLimited(retry))
		return
	}
	e.sweepIfDue(c.now)
	if fault.kind == FaultResetAfterCommit {
		// Handle for real, keep the effect, then drop the connection without an answer.
		handler.ServeHTTP(newBufferedResponse(), r)
		abortConnection(sw)
		return
	}
	handler.ServeHTTP(sw, r)
}

// appOf is the mini-app: the CN of the verified client certificate (reference §1.2).
func appOf(r *http.Request) string {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return ""
	}
	return r.TLS.PeerCertificates[0].Subject.CommonName
}

func routeName(pattern string) string {
	if pattern == "" || pattern == "/" {
		return "unmatched"
	}
	return pattern
}

// logRequest writes the one line per request: method, path, status, app, duration. Never the
// query, headers or body: they carry tokens, user keys and personal data.
func (e *Emulator) logRequest(r *http.Request, sw *statusWriter, app string, d time.Duration) {
	status := sw.status
	if status == 0 && !sw.hijacked {
		status = http.StatusOK
	}
	attrs := []any{"method", r.Method, "path", r.URL.Path, "status", status, "app", app,
		"durationMs", d.Milliseconds()}
	if sw.hijacked {
		attrs = append(attrs, "connection", "closed without response")
	}
	e.cfg.Logger.Info("request", attrs...)
}

// partner adapts a handler to the envelope.
func (e *Emulator) partner(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		payload, err := h(callFrom(r))
		writeEnvelope(w, payload, err)
	}
}

// catalogMutation adds Idempotency-Key handling to a catalog POST/PUT/DELETE.
func (e *Emulator) catalogMutation(h handlerFunc) http.HandlerFunc {
	return e.idempotent(e.partner(h))
}

// admin adapts a handler to plain JSON: the object itself, or {"error","errorCode"} on failure.
func (e *Emulator) admin(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		payload, err := h(callFrom(r))
		if err != nil {
			ae := asAPIError(err)
			body := map[string]any{"error": ae.Reason, "errorCode": ae.Code}
			if field, ok := ae.Data["field"]; ok {
				body["field"] = field
			}
			writeJSON(w, ae.HTTPStatus, body)
			return
		}
		writeJSON(w, http.StatusOK, payload)
	}
}

// notFoundRoute answers paths the API does not have, in the envelope, so clients see a 404 they
// can parse rather than Go's text page.
func (e *Emulator) notFoundRoute(c *call) (any, error) {
	return nil, notFound(fmt.Sprintf("%s %s 경로가 없어요.", c.r.Method, c.r.URL.Path))
}
