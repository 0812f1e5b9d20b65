package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// What the console gateway does with each MCP request before the SDK sees it: count tools/call
// per tool (GET /_emulator/stats consoleToolCalls; never byRoute, which stays the contract's),
// and apply the fault injection a FaultSpec aims at console tools ("console:<tool>",
// "console:*"). Faults act at the HTTP layer, as a failing gateway or network would.

// consoleRoutePrefix marks a FaultSpec route entry that names console tools, not HTTP routes.
const consoleRoutePrefix = "console:"

// consoleFaultKinds are the fault kinds that mean something on the console gateway. The others
// (internal_error's 200 FAIL envelope, bank_break_time) are partner API shapes and leave console
// calls alone.
var consoleFaultKinds = []string{FaultHTTP500, FaultRateLimit, FaultConnectionReset, FaultResetAfterCommit,
	FaultLatency, FaultGarbage}

// isConsoleRoute reports whether a FaultSpec route entry is aimed at the console gateway.
func isConsoleRoute(entry string) bool { return strings.HasPrefix(entry, consoleRoutePrefix) }

// checkConsoleRoute refuses a console entry that names no tool of api/console-tools.json.
func checkConsoleRoute(field, entry string) error {
	tool := strings.TrimPrefix(entry, consoleRoutePrefix)
	if tool == "*" || isConsoleTool(tool) {
		return nil
	}
	return invalidParameter(field, field+" "+strconv.Quote(entry)+
		" 은 콘솔 도구를 가리키지 않아요: console:* 또는 console:<도구 이름>(예: console:push_template_create)으로 써 주세요.")
}

// coversConsoleTool: only entries that name console tools reach the console, so a spec written
// for the mTLS routes (or one without routes) keeps its meaning.
func (s FaultSpec) coversConsoleTool(tool string) bool {
	for _, entry := range s.Routes {
		if entry == consoleRoutePrefix+"*" || entry == consoleRoutePrefix+tool {
			return true
		}
	}
	return false
}

// jsonrpcCall is the part of a JSON-RPC message the gateway looks at.
type jsonrpcCall struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params struct {
		Name string `json:"name"`
	} `json:"params"`
}

// toolCallsIn finds the tools/call messages of a request body (one message, or a batch).
func toolCallsIn(body []byte) []jsonrpcCall {
	var batch []jsonrpcCall
	if err := json.Unmarshal(body, &batch); err != nil {
		var one jsonrpcCall
		if json.Unmarshal(body, &one) != nil {
			return nil
		}
		batch = []jsonrpcCall{one}
	}
	calls := batch[:0]
	for _, msg := range batch {
		if msg.Method == "tools/call" && isConsoleTool(msg.Params.Name) {
			calls = append(calls, msg)
		}
	}
	return calls
}

// traffic wraps the MCP endpoint. GET, the optional server-to-client stream, is 405: the gateway
// sends nothing unasked, and a hanging stream would hold Shutdown.
func (gw *consoleGateway) traffic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w.Header().Set("Allow", "POST, DELETE")
			http.Error(w, "this gateway opens no server-to-client stream", http.StatusMethodNotAllowed)
			return
		}
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				http.Error(w, "요청 본문은 1 MiB를 넘을 수 없어요.", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "요청 본문을 읽지 못했어요.", http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		var f fault
		var faulted jsonrpcCall
		for _, tc := range toolCallsIn(body) {
			gw.e.stats.countConsoleToolCall(tc.Params.Name)
			if f.kind == "" {
				f, faulted = gw.e.faults.rollConsole(tc.Params.Name), tc
			}
		}
		if f.kind == "" {
			next.ServeHTTP(w, r)
			return
		}
		gw.e.stats.countFault()
		serveConsoleFault(w, r, f, faulted.ID, next)
	})
}

// serveConsoleFault applies one fault to a tools/call request; id is the call's JSON-RPC id.
func serveConsoleFault(w http.ResponseWriter, r *http.Request, f fault, id json.RawMessage, next http.Handler) {
	switch f.kind {
	case FaultHTTP500:
		writeJSONRPCError(w, http.StatusInternalServerError, id, -32603, internalError().Reason, nil)
	case FaultRateLimit:
		w.Header().Set("Retry-After", "1")
		writeJSONRPCError(w, http.StatusTooManyRequests, id, consoleRateLimitCode, rateLimited(1).Reason,
			map[string]any{"errorCode": codeRateLimited, "retryAfterSeconds": 1})
	case FaultConnectionReset:
		abortConnection(w)
	case FaultResetAfterCommit:
		next.ServeHTTP(newBufferedResponse(), r) // the tool runs and its effect stays
		abortConnection(w)
	case FaultLatency:
		sleepCtx(r.Context(), f.latency)
		next.ServeHTTP(w, r)
	case FaultGarbage:
		writeGarbage(w)
	}
}

// consoleRateLimitCode is the JSON-RPC error code of the rate_limit fault's body, in the range
// JSON-RPC leaves to servers (the SDK client sees only the HTTP 429; other clients may read it).
const consoleRateLimitCode = -32029

func writeJSONRPCError(w http.ResponseWriter, status int, id json.RawMessage, code int, message string, data map[string]any) {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	rpcErr := map[string]any{"code": code, "message": message}
	if data != nil {
		rpcErr["data"] = data
	}
	writeJSON(w, status, map[string]any{"jsonrpc": "2.0", "id": id, "error": rpcErr})
}
