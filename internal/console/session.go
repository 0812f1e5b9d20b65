package console

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// The MCP session: the ToolCaller the provider gives NewCatalog. It speaks Streamable HTTP with
// the official SDK, under the same request discipline as the mTLS client (client.PacedTransport:
// deadline, shared adaptive rate limiter, per-attempt timeout, retries by the call's safety), and
// authenticates with a TokenSource. One session serves every resource of a provider process.

// DefaultURL is the official console gateway's MCP endpoint (reference §13.1).
const DefaultURL = "https://mcp.toss.im/adapters/apps-in-toss-console/mcp"

// maxToolPages bounds tools/list against a gateway that keeps handing out cursors.
const maxToolPages = 100

// SessionConfig says where the gateway is and how to reach it.
type SessionConfig struct {
	// URL is the gateway's MCP endpoint.
	URL string
	// Transport carries every HTTP request of the session: TLS with the system roots plus any
	// configured CA. Nil means http.DefaultTransport.
	Transport http.RoundTripper
	// Policy is the provider's request discipline (rate_limit_per_minute, max_retries,
	// request_timeout, read_timeout, max_retry_wait), the same as the mTLS client's.
	Policy client.PolicyConfig
	// Tokens authenticates the session and refreshes its access token.
	Tokens *TokenSource
	// Version is the provider's version, announced as the MCP client's.
	Version string
}

// Session is an open MCP session with the gateway. It is safe for concurrent use.
type Session struct {
	url        string
	httpClient *http.Client
	tokens     *TokenSource
	mcpClient  *mcp.Client

	mu      sync.Mutex
	current *mcp.ClientSession
}

var _ ToolCaller = (*Session)(nil)

// OpenSession opens a session: the MCP initialize handshake, with the token refreshed first when
// it has expired. A *LoginRequiredError means the credentials can no longer be used.
func OpenSession(ctx context.Context, cfg SessionConfig) (*Session, error) {
	if cfg.Tokens == nil {
		return nil, errors.New("console session: no token source")
	}
	base := cfg.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	paced, err := client.NewPacedTransport(probingTransport{base: base}, cfg.Policy)
	if err != nil {
		return nil, err
	}
	s := &Session{
		url:        cfg.URL,
		httpClient: &http.Client{Transport: paced, CheckRedirect: client.RefuseRedirects},
		tokens:     cfg.Tokens,
		mcpClient: mcp.NewClient(&mcp.Implementation{Name: "terraform-provider-appsintoss", Version: cfg.Version},
			nil),
	}
	if _, err := s.session(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Close ends the session on the gateway.
func (s *Session) Close() error {
	s.mu.Lock()
	current := s.current
	s.current = nil
	s.mu.Unlock()
	if current == nil {
		return nil
	}
	return current.Close()
}

// session returns the open MCP session, opening one when there is none.
func (s *Session) session(ctx context.Context) (*mcp.ClientSession, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil {
		return s.current, nil
	}
	// The handshake is not the call that may have triggered it: the caller's probe stays out.
	ctx = withProbe(client.WithCall(newLogContext(ctx), "initialize", client.Read), nil)
	started := time.Now()
	opened, err := s.mcpClient.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint:   s.url,
		HTTPClient: s.httpClient,
		// OAuthHandler sets the access token on every request and, after a 401, refreshes it once.
		OAuthHandler: s.tokens.OAuthHandler(),
		// The provider needs no server-initiated messages, so it holds no stream open.
		DisableStandaloneSSE: true,
	}, nil)
	if err != nil {
		logDebug(ctx, "MCP session not opened", map[string]any{"duration_ms": time.Since(started).Milliseconds(),
			"outcome": "failed"})
		return nil, fmt.Errorf("%s: could not open an MCP session at %s: %w", Road, s.url, err)
	}
	logDebug(ctx, "MCP session opened", map[string]any{"duration_ms": time.Since(started).Milliseconds(),
		"protocol_version": opened.InitializeResult().ProtocolVersion})
	s.current = opened
	return opened, nil
}

// replace drops a session the gateway no longer knows (or that broke) so that the next call opens
// a new one. A session another caller already replaced is left alone.
func (s *Session) replace(dead *mcp.ClientSession) {
	s.mu.Lock()
	if s.current == dead {
		s.current = nil
	}
	s.mu.Unlock()
	// Closing a forgotten session sends nothing; a broken one gets a best-effort goodbye, which
	// must not hold up the call that found it broken.
	go func() { _ = dead.Close() }()
}

// ListTools returns every tool the gateway offers (all pages of tools/list).
func (s *Session) ListTools(ctx context.Context) ([]*mcp.Tool, error) {
	ctx = client.WithCall(newLogContext(ctx), "tools/list", client.Read)
	for attempt := 1; ; attempt++ {
		sess, err := s.session(ctx)
		if err != nil {
			return nil, err
		}
		tools, err := listAllTools(ctx, sess)
		if attempt == 1 && sessionGone(err) {
			s.replace(sess)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: tools/list failed: %w", Road, err)
		}
		return tools, nil
	}
}

func listAllTools(ctx context.Context, sess *mcp.ClientSession) ([]*mcp.Tool, error) {
	var (
		tools  []*mcp.Tool
		cursor string
	)
	for range maxToolPages {
		res, err := sess.ListTools(ctx, &mcp.ListToolsParams{Cursor: cursor})
		if err != nil {
			return nil, err
		}
		tools = append(tools, res.Tools...)
		if res.NextCursor == "" {
			return tools, nil
		}
		cursor = res.NextCursor
	}
	return nil, fmt.Errorf("the gateway kept handing out cursors after %d pages of tools", maxToolPages)
}

// CallTool calls one tool and returns its JSON answer (see ToolCaller for the errors). The call
// is marked with its safety (mapping.go), which tells the paced transport whether it may be
// resent; a call that was sent and got no usable answer comes back as a *LostAnswerError unless
// it is a read.
func (s *Session) CallTool(ctx context.Context, name string, args map[string]any) (json.RawMessage, error) {
	safety := safetyOf(name)
	ctx = newLogContext(ctx)
	logTrace(ctx, "tools/call arguments", map[string]any{"tool": name, "arguments": jsonText{args}})
	started := time.Now()

	probe := &sendProbe{}
	callCtx := withProbe(client.WithCall(ctx, "tools/call "+name, safety), probe)
	res, err := s.call(callCtx, name, args, safety, probe)
	answer, err := DecodeCallResult(name, res, err)
	err = settle(name, safety, probe, err)

	logDebug(ctx, "tools/call", map[string]any{"tool": name, "duration_ms": time.Since(started).Milliseconds(),
		"outcome": outcomeClass(err)})
	if err == nil {
		logTrace(ctx, "tools/call result", map[string]any{"tool": name, "result": jsonText{answer}})
	}
	return answer, err
}

// call sends the call on the open session, and once more on a new session when the first could
// not carry it:
//   - the session had broken before the call went out: any call is sent on a new one;
//   - the gateway forgot the session (HTTP 404 for its id: the call was not run): reads and
//     idempotent changes are sent on a new one; a create is not (see below);
//   - a 2xx answer that is not a JSON-RPC response: the SDK gives up on the connection, so it is
//     replaced; a read is sent again, a change is left to settle (its effect is unknown).
//
// A create that reached the gateway is never sent twice: the gateway takes no idempotency key.
func (s *Session) call(ctx context.Context, name string, args map[string]any, safety client.Safety, probe *sendProbe) (*mcp.CallToolResult, error) {
	sess, err := s.session(ctx)
	if err != nil {
		return nil, err
	}
	res, err := sess.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
	if err == nil || gatewayRPCError(err) != nil || ctx.Err() != nil {
		return res, err
	}
	sent, status := probe.state()
	switch {
	case !sent && sessionGone(err):
		s.replace(sess)
	case status == http.StatusNotFound && errors.Is(err, mcp.ErrSessionMissing):
		s.replace(sess)
		if safety == client.UnkeyedWrite {
			return nil, fmt.Errorf("%s had closed the MCP session before it ran %s, so nothing was created; a new "+
				"session is open: apply again (%w)", Road, name, err)
		}
	case status/100 == 2:
		s.replace(sess)
		if safety != client.Read {
			return res, err
		}
	default:
		return res, err
	}
	if sess, err = s.session(ctx); err != nil {
		return nil, err
	}
	probe.reset()
	return sess.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
}

// sessionGone reports whether an error says the session cannot carry calls any more: the gateway
// forgot it, or the connection broke earlier.
func sessionGone(err error) bool {
	return errors.Is(err, mcp.ErrSessionMissing) || errors.Is(err, mcp.ErrConnectionClosed)
}

// settle decides what a failed call means. A refusal by the gateway stays what it is. A read is
// reported as it failed (the paced transport already retried it). A change that reached the
// gateway and got no usable answer — no HTTP answer at all, or a 2xx whose body did not make a
// JSON-RPC response — may have been applied: that is a *LostAnswerError, which the catalog
// reconciles instead of resending.
func settle(tool string, safety client.Safety, probe *sendProbe, err error) error {
	if err == nil {
		return nil
	}
	var (
		refused *ToolError
		login   *LoginRequiredError
	)
	switch {
	case errors.As(err, &refused):
		return err
	case errors.As(err, &login):
		return login // it says what to run; the SDK's wrapping adds nothing a person needs
	}
	described := fmt.Errorf("%s: tool %s: %w", Road, tool, err)
	if safety == client.Read || handshakeFailed(err) {
		return described
	}
	sent, status := probe.state()
	if !sent || (status != 0 && status/100 != 2) {
		return described // not sent, or the gateway answered with an HTTP error: nothing happened
	}
	attempts := 1
	var unknown *client.OutcomeUnknownError
	if errors.As(err, &unknown) {
		attempts = unknown.Attempts
	}
	return &LostAnswerError{Tool: tool, Attempts: attempts, Err: err}
}

// handshakeFailed reports a TLS failure: the connection never carried the request.
func handshakeFailed(err error) bool {
	var (
		verify    *tls.CertificateVerificationError
		unknownCA x509.UnknownAuthorityError
		hostname  x509.HostnameError
		alert     tls.AlertError
		record    tls.RecordHeaderError
	)
	return errors.As(err, &verify) || errors.As(err, &unknownCA) || errors.As(err, &hostname) ||
		errors.As(err, &alert) || errors.As(err, &record)
}

// safetyOf is the tool's safety from the mapping; a tool the mapping does not know is never
// resent.
func safetyOf(tool string) client.Safety {
	if m, ok := toolMappings[tool]; ok {
		return m.safety
	}
	return client.UnrepeatableWrite
}

// outcomeClass names a call's outcome for the DEBUG line.
func outcomeClass(err error) string {
	var (
		refused *ToolError
		lost    *LostAnswerError
		login   *LoginRequiredError
	)
	switch {
	case err == nil:
		return "ok"
	case client.IsNotFound(err):
		return "not_found"
	case errors.As(err, &refused):
		return "refused"
	case errors.As(err, &lost):
		return "lost_answer"
	case errors.As(err, &login):
		return "login_required"
	}
	return "failed"
}

// sendProbe records, for one call, whether its request left for the gateway and what HTTP status
// the last attempt got (0: none arrived). The SDK reports a lost answer in several shapes (a
// transport error, the context's error, a broken session); what happened on the wire does not
// depend on them.
type sendProbe struct {
	mu     sync.Mutex
	sent   bool
	status int
}

type probeKey struct{}

func withProbe(ctx context.Context, p *sendProbe) context.Context {
	return context.WithValue(ctx, probeKey{}, p)
}

func (p *sendProbe) attempt() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent, p.status = true, 0
}

func (p *sendProbe) answered(status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status = status
}

func (p *sendProbe) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent, p.status = false, 0
}

func (p *sendProbe) state() (sent bool, status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sent, p.status
}

// probingTransport sits below the paced transport, so it sees every attempt as it goes out.
type probingTransport struct{ base http.RoundTripper }

func (t probingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	p, _ := req.Context().Value(probeKey{}).(*sendProbe)
	if p != nil {
		p.attempt()
	}
	resp, err := t.base.RoundTrip(req)
	if p != nil && resp != nil {
		p.answered(resp.StatusCode)
	}
	return resp, err
}
