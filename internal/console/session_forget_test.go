package console

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// forgetfulGateway is an MCP server that can forget every session at once, as a gateway does
// after a restart or an idle timeout: requests that carry a session id it no longer knows get
// HTTP 404, which the MCP transport spec reserves for that.
type forgetfulGateway struct {
	server  *mcp.Server
	mu      sync.Mutex
	handler http.Handler
	runs    map[string]*atomic.Int64
}

func newForgetfulGateway(t *testing.T) (*forgetfulGateway, string) {
	t.Helper()
	g := &forgetfulGateway{server: mcp.NewServer(&mcp.Implementation{Name: "forgetful", Version: "0"}, nil),
		runs: map[string]*atomic.Int64{}}
	for _, name := range []string{toolPromotionList, toolPushTemplateCreate} {
		runs := &atomic.Int64{}
		g.runs[name] = runs
		g.server.AddTool(&mcp.Tool{Name: name, InputSchema: map[string]any{"type": "object"}},
			func(context.Context, *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				runs.Add(1)
				return &mcp.CallToolResult{StructuredContent: map[string]any{"contents": []any{}, "totalPage": 0}}, nil
			})
	}
	g.forget()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		h := g.handler
		g.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return g, srv.URL + "/mcp"
}

// forget replaces the handler, and with it every session it knew.
func (g *forgetfulGateway) forget() {
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return g.server },
		&mcp.StreamableHTTPOptions{JSONResponse: true})
	g.mu.Lock()
	g.handler = h
	g.mu.Unlock()
}

func openForgetful(t *testing.T, url string) *Session {
	t.Helper()
	tokens, err := NewTokenSource(TokenSourceConfig{Credentials: &Credentials{Version: 1, ConsoleURL: url,
		TokenEndpoint: url + "/token", ClientID: "mcp-gateway", AccessToken: "a", TokenType: "Bearer",
		Expiry: time.Now().Add(time.Hour)}, HTTPClient: http.DefaultClient})
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenSession(t.Context(), SessionConfig{URL: url, Policy: testPolicy, Tokens: tokens, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestSession_aForgottenSessionIsReopenedAndTheReadSentAgain(t *testing.T) {
	t.Parallel()
	g, url := newForgetfulGateway(t)
	s := openForgetful(t, url)
	if _, err := s.CallTool(t.Context(), toolPromotionList, nil); err != nil {
		t.Fatal(err)
	}
	g.forget()
	if _, err := s.CallTool(t.Context(), toolPromotionList, nil); err != nil {
		t.Fatalf("a read after the gateway forgot the session: %v", err)
	}
	if n := g.runs[toolPromotionList].Load(); n != 2 {
		t.Errorf("promotion_list ran %d times, want 2", n)
	}
	// the new session carries on
	if _, err := s.CallTool(t.Context(), toolPromotionList, nil); err != nil || g.runs[toolPromotionList].Load() != 3 {
		t.Errorf("the next read: %v (%d runs)", err, g.runs[toolPromotionList].Load())
	}
}

func TestSession_aCreateOnAForgottenSessionIsNotResent(t *testing.T) {
	t.Parallel()
	g, url := newForgetfulGateway(t)
	s := openForgetful(t, url)
	g.forget()
	_, err := s.CallTool(t.Context(), toolPushTemplateCreate, nil)
	var lost *LostAnswerError
	if err == nil || errors.As(err, &lost) || !strings.Contains(err.Error(), "nothing was created") {
		t.Fatalf("a create on a forgotten session: %v (%T), want an error saying nothing was created", err, err)
	}
	if n := g.runs[toolPushTemplateCreate].Load(); n != 0 {
		t.Errorf("push_template_create ran %d times, want 0", n)
	}
	// the session was replaced: the next call goes through
	if _, err := s.CallTool(t.Context(), toolPushTemplateCreate, nil); err != nil || g.runs[toolPushTemplateCreate].Load() != 1 {
		t.Errorf("the create applied again: %v (%d runs)", err, g.runs[toolPushTemplateCreate].Load())
	}
}
