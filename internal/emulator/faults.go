package emulator

import (
	"context"
	"crypto/tls"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Fault kinds (design.md "Wire details"). Each request to a partner or catalog route rolls
// independently against FaultSpec.Rate; a hit picks one of FaultSpec.Kinds uniformly.
const (
	// FaultHTTP500 answers HTTP 500 with the INTERNAL_ERROR envelope; the request has no effect.
	FaultHTTP500 = "http_500"
	// FaultInternalError answers HTTP 200 with the same FAIL envelope; no effect.
	FaultInternalError = "internal_error"
	// FaultRateLimit answers HTTP 429, errorCode 4095, error.data.retryAfterSeconds 1; no effect.
	FaultRateLimit = "rate_limit"
	// FaultConnectionReset drops the connection (TCP RST) before handling; no effect.
	FaultConnectionReset = "connection_reset"
	// FaultResetAfterCommit handles the request and keeps its effect, then drops the connection
	// with no response: what Idempotency-Key and reconciling reads are for.
	FaultResetAfterCommit = "reset_after_commit"
	// FaultLatency waits FaultSpec.LatencyMs (default 100) before handling normally.
	FaultLatency = "latency"
	// FaultGarbage answers HTTP 200 with a body that is not the envelope (non-JSON or truncated
	// JSON, chosen at random); no effect.
	FaultGarbage = "garbage"
	// FaultBankBreakTime answers Toss Pay routes with HTTP 200 FAIL COMMON_BREAK_TIME_OF_BANK
	// (bank maintenance, reference §3.8); other routes are left alone. An emulator extra.
	FaultBankBreakTime = "bank_break_time"
)

var knownFaultKinds = []string{FaultHTTP500, FaultInternalError, FaultRateLimit, FaultConnectionReset,
	FaultResetAfterCommit, FaultLatency, FaultGarbage, FaultBankBreakTime}

const defaultLatency = 100 * time.Millisecond

// FaultSpec is the body of POST /_emulator/faults.
type FaultSpec struct {
	// Rate is the probability, 0..1, that one request is faulted.
	Rate float64 `json:"rate"`
	// Kinds are the fault kinds to draw from.
	Kinds []string `json:"kinds"`
	// LatencyMs is the delay of the latency kind (default 100).
	LatencyMs int `json:"latencyMs,omitempty"`
	// Routes limits faults to some routes; empty means every partner and catalog route. An entry
	// is an optional method followed by a route pattern's path, a request path, or a path prefix
	// ending in "*": "POST /api-partner/v1/apps-in-toss/pay/make-payment",
	// "/api-partner/v1/apps-in-toss/pay/*", "POST /api-partner/v1/apps-in-toss/catalog/*". An
	// entry that can select no partner or catalog route is refused. Console gateway tool calls
	// are faulted only by entries that name them: "console:<tool>" or "console:*".
	Routes []string `json:"routes,omitempty"`
}

func (s FaultSpec) validate(routes routeTable) error {
	if s.Rate < 0 || s.Rate > 1 {
		return invalidParameter("rate", "rate must be between 0 and 1")
	}
	if len(s.Kinds) == 0 {
		return invalidParameter("kinds", fmt.Sprintf("kinds must name at least one of %s", strings.Join(knownFaultKinds, ", ")))
	}
	for _, k := range s.Kinds {
		if !slices.Contains(knownFaultKinds, k) {
			return invalidParameter("kinds", fmt.Sprintf("unknown fault kind %q; known: %s", k, strings.Join(knownFaultKinds, ", ")))
		}
	}
	if s.LatencyMs < 0 || s.LatencyMs > 60_000 {
		return invalidParameter("latencyMs", "latencyMs must be between 0 and 60000")
	}
	for i, entry := range s.Routes {
		field := fmt.Sprintf("routes[%d]", i)
		if isConsoleRoute(entry) {
			if err := checkConsoleRoute(field, entry); err != nil {
				return err
			}
			continue
		}
		if !routes.reachable(parseRouteSelector(entry)) {
			return invalidParameter(field, fmt.Sprintf("%s %q selects no partner or catalog route (faults never apply to "+
				"/_emulator/); write an optional method and a route pattern, a request path or a prefix ending in *, "+
				"e.g. \"POST %s/pay/make-payment\" or \"POST %s/*\"", field, entry, partnerPrefix, catalogPrefix))
		}
	}
	return nil
}

func (s FaultSpec) covers(r *http.Request, pattern, route string) bool {
	if route == "unmatched" {
		return false
	}
	if len(s.Routes) == 0 {
		return true
	}
	for _, entry := range s.Routes {
		if parseRouteSelector(entry).matches(r, pattern) {
			return true
		}
	}
	return false
}

type faultInjector struct {
	mu   sync.Mutex
	spec *FaultSpec
}

func newFaultInjector() *faultInjector { return &faultInjector{} }

func (f *faultInjector) set(spec *FaultSpec) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.spec = spec
}

func (f *faultInjector) current() *FaultSpec {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.spec
}

// fault is the outcome of one roll: kind "" means none.
type fault struct {
	kind    string
	latency time.Duration
}

func (f *faultInjector) roll(r *http.Request, pattern, route string) fault {
	spec := f.current()
	if spec == nil || !spec.covers(r, pattern, route) || rand.Float64() >= spec.Rate {
		return fault{}
	}
	kind := spec.Kinds[rand.IntN(len(spec.Kinds))]
	if kind == FaultBankBreakTime && !strings.HasPrefix(r.URL.Path, partnerPrefix+"/pay/") {
		return fault{}
	}
	latency := time.Duration(spec.LatencyMs) * time.Millisecond
	if latency == 0 {
		latency = defaultLatency
	}
	return fault{kind: kind, latency: latency}
}

// rollConsole is roll for one console tools/call: only a spec whose routes name the tool
// ("console:<tool>" or "console:*") reaches it, and only with the kinds that mean something there.
func (f *faultInjector) rollConsole(tool string) fault {
	spec := f.current()
	if spec == nil || !spec.coversConsoleTool(tool) || rand.Float64() >= spec.Rate {
		return fault{}
	}
	kind := spec.Kinds[rand.IntN(len(spec.Kinds))]
	if !slices.Contains(consoleFaultKinds, kind) {
		return fault{}
	}
	latency := time.Duration(spec.LatencyMs) * time.Millisecond
	if latency == 0 {
		latency = defaultLatency
	}
	return fault{kind: kind, latency: latency}
}

// served applies the fault. It returns true when the fault answered (or dropped) the request and
// the request must not be handled; latency and reset_after_commit return false and the caller
// handles the request.
func (f fault) served(w http.ResponseWriter, r *http.Request, stats *statsCounter) bool {
	if f.kind == "" {
		return false
	}
	stats.countFault()
	switch f.kind {
	case FaultHTTP500:
		writeFail(w, internalError())
	case FaultInternalError:
		e := internalError()
		e.HTTPStatus = http.StatusOK
		writeFail(w, e)
	case FaultRateLimit:
		writeFail(w, rateLimited(1))
	case FaultConnectionReset:
		abortConnection(w)
	case FaultGarbage:
		writeGarbage(w)
	case FaultBankBreakTime:
		writeFail(w, businessError(codeBreakTimeOfBank, "은행 점검 시간이에요. 잠시 후 다시 시도해 주세요."))
	case FaultLatency:
		sleepCtx(r.Context(), f.latency)
		return false
	case FaultResetAfterCommit:
		return false
	}
	return true
}

func writeGarbage(w http.ResponseWriter) {
	bodies := []string{
		`<html><body><h1>502 Bad Gateway</h1></body></html>`,
		`{"resultType":"SUCCESS","success":{"`,
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(bodies[rand.IntN(len(bodies))]))
}

// abortConnection takes the connection from the HTTP server and resets it: no TLS close_notify,
// no HTTP response, a TCP RST where the platform allows it.
func abortConnection(w http.ResponseWriter) {
	if sw, ok := w.(*statusWriter); ok {
		sw.hijacked = true
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // the server then closes the connection without a response
	}
	raw := conn
	if tc, ok := conn.(*tls.Conn); ok {
		raw = tc.NetConn()
	}
	if tcp, ok := raw.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = raw.Close()
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
