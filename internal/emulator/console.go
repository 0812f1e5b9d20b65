package emulator

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// The console gateway is the emulator's stand-in for the official Apps in Toss console MCP
// gateway (https://mcp.toss.im/adapters/apps-in-toss-console/mcp, reference §13): OAuth 2.1 for a
// person (here a test console user who signs in with no form) and MCP tools over the same
// catalog state the contract routes serve, so an object made through one is seen through the
// other. It has its own HTTPS listener with the emulator's server certificate and asks for no
// client certificate, as the real gateway authenticates people, not apps.
const (
	consoleMCPPath  = "/adapters/apps-in-toss-console/mcp"
	consoleClientID = "mcp-gateway"

	defaultConsoleTokenLifetime = time.Hour
	// consoleSessionTimeout closes MCP sessions nobody has used for a while, so that clients that
	// never say goodbye do not hold memory.
	consoleSessionTimeout = 30 * time.Minute
)

// ErrConsoleNotStarted is returned by the console methods of an Emulator whose console gateway
// was never started (serve without --console-addr).
var ErrConsoleNotStarted = errors.New("the console gateway is not running: start it with `serve --console-addr ADDR` (Emulator.StartConsole)")

// consoleSlot holds the console gateway once StartConsole has run. Guarded by mu: the admin
// surface reads it while the program may still be starting.
type consoleSlot struct {
	mu      sync.Mutex
	certDir string
	gw      *consoleGateway
}

// consoleGateway is one running console listener.
type consoleGateway struct {
	e *Emulator
	// issuer is "https://HOST:PORT" exactly as the listener's URL: OAuth clients compare the
	// metadata's issuer and resource with the URLs they used, byte for byte.
	issuer string
	mcpURL string
	auth   *consoleAuth
	tools  *consoleToolset
	srv    *http.Server
	served chan error
}

// StartConsole serves the console gateway on ln until Shutdown, in the background, and returns
// its MCP URL ("https://" + ln's address + /adapters/apps-in-toss-console/mcp). The URL's host is
// the listener's address as Go prints it, so clients must use the URL returned here.
// Console tokens live in memory only: they do not survive a restart.
func (e *Emulator) StartConsole(ln net.Listener) (string, error) {
	e.console.mu.Lock()
	defer e.console.mu.Unlock()
	if e.console.gw != nil {
		return "", errors.New("the console gateway is already running at " + e.console.gw.mcpURL)
	}
	apps, err := consoleMiniApps(e.console.certDir)
	if err != nil {
		return "", err
	}
	issuer := "https://" + ln.Addr().String()
	gw := &consoleGateway{e: e, issuer: issuer, mcpURL: issuer + consoleMCPPath, served: make(chan error, 1)}
	gw.auth = newConsoleAuth(issuer, gw.mcpURL, e.cfg)
	gw.tools, err = newConsoleToolset(gw, apps)
	if err != nil {
		return "", err
	}
	protocols := new(http.Protocols)
	protocols.SetHTTP1(true) // HTTP/1.1 only: the connection faults hijack the connection
	gw.srv = &http.Server{
		Handler:           gw.logged(gw.routes()),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		Protocols:         protocols,
		ErrorLog:          slog.NewLogLogger(e.cfg.Logger.Handler(), slog.LevelDebug),
	}
	tlsConfig := &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{e.certs.Server},
		ClientAuth:   tls.NoClientCert,
		NextProtos:   []string{"http/1.1"},
	}
	go func() { gw.served <- gw.srv.Serve(tls.NewListener(ln, tlsConfig)) }()
	e.console.gw = gw
	return gw.mcpURL, nil
}

// ConsoleURL is the console gateway's MCP URL, or "" when it is not running.
func (e *Emulator) ConsoleURL() string {
	if gw := e.consoleGateway(); gw != nil {
		return gw.mcpURL
	}
	return ""
}

func (e *Emulator) consoleGateway() *consoleGateway {
	e.console.mu.Lock()
	defer e.console.mu.Unlock()
	return e.console.gw
}

// stopConsole stops the console listener like Shutdown stops the main one; nil when it never ran.
func (e *Emulator) stopConsole(ctx context.Context) error {
	gw := e.consoleGateway()
	if gw == nil {
		return nil
	}
	stopErr := gw.srv.Shutdown(ctx)
	if err := <-gw.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(stopErr, fmt.Errorf("console gateway: %w", err))
	}
	return stopErr
}

// routes is the console listener's whole surface: OAuth discovery, the two OAuth endpoints, and
// the MCP endpoint behind a Bearer token.
func (gw *consoleGateway) routes() *http.ServeMux {
	m := http.NewServeMux()
	prm := gw.auth.protectedResourceMetadata()
	m.Handle("/.well-known/oauth-protected-resource"+consoleMCPPath, prm)
	m.Handle("/.well-known/oauth-protected-resource", prm)
	m.HandleFunc("GET /.well-known/oauth-authorization-server", gw.auth.serveMetadata)
	m.HandleFunc("GET /authorize", gw.auth.serveAuthorize)
	m.HandleFunc("POST /token", gw.auth.serveToken)
	m.Handle(consoleMCPPath, gw.auth.requireBearer(gw.traffic(gw.tools.handler())))
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not_found",
			"error_description": r.Method + " " + r.URL.Path + " 경로가 없어요. MCP 엔드포인트는 " + gw.mcpURL + " 예요."})
	})
	return m
}

// logged writes one line per console request, as the main listener does: method, path, status,
// duration. Never the query or the body: they carry authorization codes, verifiers and tokens.
func (gw *consoleGateway) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			status := sw.status
			if status == 0 && !sw.hijacked {
				status = http.StatusOK
			}
			attrs := []any{"listener", "console", "method", r.Method, "path", r.URL.Path, "status", status,
				"durationMs", time.Since(started).Milliseconds()}
			if sw.hijacked {
				attrs = append(attrs, "connection", "closed without response")
			}
			gw.e.cfg.Logger.Info("request", attrs...)
		}()
		next.ServeHTTP(sw, r)
	})
}
