package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api/contract"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// The console's test user sees workspace 1 and the mini-apps of the certificates `certs` wrote.
const (
	workspaceID = 1
	demoAppID   = 1001 // demo-app: the first name in sorted order
	otherAppID  = 1002 // other-app
)

// startConsole is start (contract-validated admin and partner calls) plus the console gateway.
func startConsole(t *testing.T, cfg emulator.Config) *emulatortest.Instance {
	t.Helper()
	inst := emulatortest.StartWithConsole(t, cfg)
	v := contract.Load(t)
	inst.WrapTransport(func(rt http.RoundTripper) http.RoundTripper { return v.Transport(t, rt) })
	return inst
}

// consoleHTTPClient trusts the emulator's CA, presents no client certificate (the gateway asks
// for none) and never follows redirects, so that tests see /authorize's answer itself.
func consoleHTTPClient(t *testing.T, inst *emulatortest.Instance) *http.Client {
	t.Helper()
	transport := &http.Transport{TLSClientConfig: inst.TLSConfig(t, "", "")}
	t.Cleanup(transport.CloseIdleConnections)
	return &http.Client{Transport: transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// consoleCredentials issues a token set through the admin surface.
func consoleCredentials(t *testing.T, inst *emulatortest.Instance) emulator.ConsoleCredentials {
	t.Helper()
	var creds emulator.ConsoleCredentials
	if err := json.Unmarshal(inst.ConsoleCredentials(t), &creds); err != nil {
		t.Fatal(err)
	}
	return creds
}

// bearer adds a fixed access token to every request.
type bearer struct {
	token string
	base  http.RoundTripper
}

func (b bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+b.token)
	return b.base.RoundTrip(req)
}

// consoleSession connects an MCP client with an access token from the admin surface: the tool
// tests need the gateway's tools, not a sign-in each time (console_oauth_test.go does that).
func consoleSession(t *testing.T, inst *emulatortest.Instance) *mcp.ClientSession {
	t.Helper()
	creds := consoleCredentials(t, inst)
	httpClient := consoleHTTPClient(t, inst)
	httpClient.Transport = bearer{token: creds.AccessToken, base: httpClient.Transport}
	client := mcp.NewClient(&mcp.Implementation{Name: "emulator-test", Version: "0"}, nil)
	session, err := client.Connect(t.Context(), &mcp.StreamableClientTransport{Endpoint: inst.ConsoleURL,
		HTTPClient: httpClient, MaxRetries: -1}, nil)
	if err != nil {
		t.Fatalf("connecting to the console gateway: %v", err)
	}
	t.Cleanup(func() { _ = session.Close() })
	return session
}

// consoleTool is one tool of api/console-tools.json.
type consoleTool struct {
	Name         string          `json:"name"`
	Description  string          `json:"description"`
	InputSchema  json.RawMessage `json:"inputSchema"`
	OutputSchema json.RawMessage `json:"outputSchema"`
}

func consoleToolsFile(t *testing.T) map[string]consoleTool {
	t.Helper()
	var file struct{ Tools []consoleTool }
	if err := json.Unmarshal(api.ConsoleTools, &file); err != nil {
		t.Fatal(err)
	}
	out := map[string]consoleTool{}
	for _, tool := range file.Tools {
		out[tool.Name] = tool
	}
	return out
}

// callTool sends tools/call and returns the result or the JSON-RPC error.
func callTool(t *testing.T, s *mcp.ClientSession, name string, args map[string]any) (*mcp.CallToolResult, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	return s.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
}

// callOK calls a tool that must succeed, checks the result's two forms agree and match the tool's
// outputSchema, and decodes structuredContent into out (when not nil).
func callOK(t *testing.T, s *mcp.ClientSession, name string, args map[string]any, out any) {
	t.Helper()
	res, err := callTool(t, s, name, args)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	text := onlyText(t, name, res)
	if res.IsError {
		t.Fatalf("%s: isError: %s", name, text)
	}
	structured, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, structured, []byte(text)) {
		t.Errorf("%s: structuredContent %s differs from the text item %s", name, structured, text)
	}
	checkOutputSchema(t, name, structured)
	if out != nil {
		if err := json.Unmarshal(structured, out); err != nil {
			t.Fatalf("%s: %v: %s", name, err, structured)
		}
	}
}

// refusal is the isError answer of a tool: {"errorCode","reason","field"}.
type refusal struct {
	ErrorCode string `json:"errorCode"`
	Reason    string `json:"reason"`
	Field     string `json:"field"`
}

// callRefused calls a tool that must answer isError and returns the refusal.
func callRefused(t *testing.T, s *mcp.ClientSession, name string, args map[string]any) refusal {
	t.Helper()
	res, err := callTool(t, s, name, args)
	if err != nil {
		t.Fatalf("%s: want an isError result, got the protocol error %v", name, err)
	}
	text := onlyText(t, name, res)
	if !res.IsError {
		t.Fatalf("%s: want isError, got %s", name, text)
	}
	var r refusal
	if err := json.Unmarshal([]byte(text), &r); err != nil || r.ErrorCode == "" || r.Reason == "" {
		t.Fatalf("%s: refusal is not {errorCode, reason}: %s", name, text)
	}
	return r
}

// refusedAt asserts an INVALID_PARAMETER refusal naming field.
func refusedAt(t *testing.T, s *mcp.ClientSession, name string, args map[string]any, field string) refusal {
	t.Helper()
	r := callRefused(t, s, name, args)
	if r.ErrorCode != "INVALID_PARAMETER" || r.Field != field {
		t.Fatalf("%s: want INVALID_PARAMETER on %s, got %+v", name, field, r)
	}
	return r
}

// callNotFound asserts the gateway's not-found answer: JSON-RPC error -32000 with the Korean
// message the real gateway sends.
func callNotFound(t *testing.T, s *mcp.ClientSession, name string, args map[string]any) {
	t.Helper()
	res, err := callTool(t, s, name, args)
	var rpcErr *jsonrpc.Error
	if !errors.As(err, &rpcErr) {
		t.Fatalf("%s: want JSON-RPC error -32000, got result %+v, error %v", name, res, err)
	}
	if rpcErr.Code != -32000 || rpcErr.Message != "존재하지 않는 정보 입니다" {
		t.Fatalf("%s: want -32000 \"존재하지 않는 정보 입니다\", got %d %q", name, rpcErr.Code, rpcErr.Message)
	}
}

func onlyText(t *testing.T, name string, res *mcp.CallToolResult) string {
	t.Helper()
	if len(res.Content) != 1 {
		t.Fatalf("%s: want one content item, got %d", name, len(res.Content))
	}
	text, ok := res.Content[0].(*mcp.TextContent)
	if !ok {
		t.Fatalf("%s: content is %T, want text", name, res.Content[0])
	}
	return text.Text
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("not JSON: %s", a)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("not JSON: %s", b)
	}
	xs, _ := json.Marshal(x)
	ys, _ := json.Marshal(y)
	return bytes.Equal(xs, ys)
}

// checkOutputSchema validates a structured result against the tool's outputSchema in
// api/console-tools.json.
func checkOutputSchema(t *testing.T, tool string, structured []byte) {
	t.Helper()
	schema := compileSchema(t, "https://console-tools.test/"+tool+"/output", consoleToolsFile(t)[tool].OutputSchema)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(structured))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("%s: result does not match its outputSchema: %v\n%s", tool, err, structured)
	}
}

func compileSchema(t *testing.T, id string, raw []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

// target is the arguments that name the demo-app mini-app, plus extra.
func target(extra map[string]any) map[string]any {
	args := map[string]any{"workspaceId": workspaceID, "miniAppId": demoAppID}
	for k, v := range extra {
		args[k] = v
	}
	return args
}

// rawMCP speaks Streamable HTTP by hand, for tests that must see the HTTP answer itself (faults,
// 401s): initialize, then one POST per message on the session.
type rawMCP struct {
	t       *testing.T
	client  *http.Client
	url     string
	token   string
	session string
	nextID  int
}

func newRawMCP(t *testing.T, inst *emulatortest.Instance, token string) *rawMCP {
	t.Helper()
	m := &rawMCP{t: t, client: consoleHTTPClient(t, inst), url: inst.ConsoleURL, token: token}
	resp, err := m.post(map[string]any{"jsonrpc": "2.0", "id": m.id(), "method": "initialize",
		"params": map[string]any{"protocolVersion": "2025-06-18", "capabilities": map[string]any{},
			"clientInfo": map[string]any{"name": "raw", "version": "0"}}})
	if err != nil || resp.Status != http.StatusOK {
		t.Fatalf("initialize: %v %+v", err, resp)
	}
	m.session = resp.Header.Get("Mcp-Session-Id")
	if resp, err := m.post(map[string]any{"jsonrpc": "2.0", "method": "notifications/initialized"}); err != nil ||
		resp.Status != http.StatusAccepted {
		t.Fatalf("notifications/initialized: %v %+v", err, resp)
	}
	return m
}

func (m *rawMCP) id() int {
	m.nextID++
	return m.nextID
}

// callTool posts tools/call; a transport error (a dropped connection) is returned, not fatal.
func (m *rawMCP) callTool(name string, args map[string]any) (*emulatortest.Response, error) {
	return m.post(map[string]any{"jsonrpc": "2.0", "id": m.id(), "method": "tools/call",
		"params": map[string]any{"name": name, "arguments": args}})
}

func (m *rawMCP) post(msg any) (*emulatortest.Response, error) {
	body, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(m.t.Context(), http.MethodPost, m.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if m.token != "" {
		req.Header.Set("Authorization", "Bearer "+m.token)
	}
	if m.session != "" {
		req.Header.Set("Mcp-Session-Id", m.session)
		req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
	}
	resp, err := m.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &emulatortest.Response{Status: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

// postForm posts an application/x-www-form-urlencoded body (the token endpoint).
func postForm(t *testing.T, c *http.Client, target string, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := c.Post(target, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("token endpoint answered HTTP %d with no JSON: %v", resp.StatusCode, err)
	}
	return resp.StatusCode, out
}

func issuerOf(inst *emulatortest.Instance) string {
	return strings.TrimSuffix(inst.ConsoleURL, "/adapters/apps-in-toss-console/mcp")
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func credentialsSchema(t *testing.T) []byte {
	t.Helper()
	return api.ConsoleCredentialsSchema
}

func unmarshalForSchema(t *testing.T, raw []byte) any {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
