package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/console"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// run is one run of the command in the test's process, with its own environment and output.
type run struct {
	cmd    *command
	stdout *lineWriter
	stderr *lockedBuffer
	done   chan int // the exit code, once the command has ended
}

// newRun prepares a command whose environment is env only (nothing of the test process leaks in,
// so tests may run in parallel) and whose browser opener fails unless the test sets one.
func newRun(env map[string]string) *run {
	r := &run{stdout: newLineWriter(), stderr: &lockedBuffer{}, done: make(chan int, 1)}
	r.cmd = &command{stdout: r.stdout, stderr: r.stderr, getenv: func(name string) string { return env[name] },
		openBrowser: func(context.Context, string) error { return errNoBrowserInTests }}
	return r
}

var errNoBrowserInTests = &browserError{"no browser in tests"}

type browserError struct{ msg string }

func (e *browserError) Error() string { return e.msg }

// start runs the command in the background; wait collects its exit code.
func (r *run) start(t *testing.T, args ...string) *run {
	t.Helper()
	go func() { r.done <- r.cmd.exitCode(r.cmd.run(t.Context(), args)) }()
	return r
}

func (r *run) wait() int { return <-r.done }

// exec runs the command to its end and returns its exit code.
func (r *run) exec(t *testing.T, args ...string) int {
	t.Helper()
	return r.start(t, args...).wait()
}

// output is everything the command wrote, stdout then stderr.
func (r *run) output() string { return r.stdout.String() + r.stderr.String() }

// urlLine waits for the first line of stdout: the authorization URL. It fails the test if the
// command ends first.
func (r *run) urlLine(t *testing.T) string {
	t.Helper()
	select {
	case line := <-r.stdout.lines:
		return line
	case code := <-r.done:
		r.done <- code
		t.Fatalf("the command ended (exit %d) before printing a URL line:\n%s", code, r.output())
	}
	return ""
}

// lineWriter collects stdout and hands over each complete line as it is written.
type lineWriter struct {
	lockedBuffer
	lines   chan string
	partial string
}

func newLineWriter() *lineWriter { return &lineWriter{lines: make(chan string, 64)} }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	w.partial += string(p)
	for {
		line, rest, found := strings.Cut(w.partial, "\n")
		if !found {
			break
		}
		select {
		case w.lines <- line:
		default: // only the first lines are waited for; the rest stay in the buffer
		}
		w.partial = rest
	}
	return len(p), nil
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// consoleArgs are the flags that point a command at the emulator's console gateway.
func consoleArgs(inst *emulatortest.Instance, credentialsFile string) []string {
	return []string{"--console-url", inst.ConsoleURL, "--ca-certificate-file", inst.CAFile, "--credentials-file", credentialsFile}
}

// browserClient is the test's browser: it trusts the emulator's CA and, like the browser's first
// hop, does not follow the authorization server's redirect by itself.
func browserClient(t *testing.T, inst *emulatortest.Instance) *http.Client {
	t.Helper()
	transport := &http.Transport{TLSClientConfig: inst.TLSConfig(t, "", "")}
	t.Cleanup(transport.CloseIdleConnections)
	return &http.Client{Transport: transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// authorize is the browser at the authorization server: GET the URL, take the 302's Location.
func authorize(t *testing.T, inst *emulatortest.Instance, authURL string) *url.URL {
	t.Helper()
	resp, err := browserClient(t, inst).Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("GET the authorization URL: HTTP %d, want 302: %s", resp.StatusCode, body)
	}
	location, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return location
}

// deliver is the browser following a redirect to the loopback listener. It dials 127.0.0.1
// whatever host the URL names: that is where the listener must be.
func deliver(t *testing.T, location *url.URL) (status int, page string, err error) {
	t.Helper()
	target := *location
	target.Host = net.JoinHostPort("127.0.0.1", location.Port())
	c := &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(target.String())
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), nil
}

// mustDeliver is deliver for a listener that must answer.
func mustDeliver(t *testing.T, location *url.URL) (int, string) {
	t.Helper()
	status, page, err := deliver(t, location)
	if err != nil {
		t.Fatalf("GET %s: %v", location.Path, err)
	}
	return status, page
}

// redirectURI is the redirect_uri an authorization URL names.
func redirectURI(t *testing.T, authURL string) *url.URL {
	t.Helper()
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatalf("the URL line is not a URL: %q", authURL)
	}
	redirect, err := url.Parse(u.Query().Get("redirect_uri"))
	if err != nil || redirect.Port() == "" {
		t.Fatalf("the authorization URL has no usable redirect_uri: %q", u.Query().Get("redirect_uri"))
	}
	return redirect
}

// assertListenerClosed checks that nothing answers on the loopback port any more.
func assertListenerClosed(t *testing.T, redirect *url.URL) {
	t.Helper()
	if status, _, err := deliver(t, redirect); err == nil {
		t.Fatalf("the loopback listener still answered (HTTP %d) after it was done", status)
	}
}

// assertNoSecrets fails when any of the tokens appears in the output.
func assertNoSecrets(t *testing.T, output string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(output, s) {
			t.Fatalf("the output carries a token:\n%s", output)
		}
	}
}

// writeCredentials writes an emulator-issued token set where a command will read it, mode 0600.
func writeCredentials(t *testing.T, inst *emulatortest.Instance) (path string, creds *console.Credentials) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "console-credentials.json")
	raw := inst.ConsoleCredentials(t)
	creds, err := console.CredentialsFromEnv(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := console.WriteCredentialsFile(path, creds); err != nil {
		t.Fatal(err)
	}
	return path, creds
}

func readCredentials(t *testing.T, path string) *console.Credentials {
	t.Helper()
	creds, err := console.ReadCredentialsFile(path, "the test")
	if err != nil {
		t.Fatal(err)
	}
	return creds
}

func assertNoFile(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("%s exists (or cannot be checked: %v); the command must not have written it", path, err)
	}
}

// assertMatchesCredentialsSchema validates a file against api/console-credentials.schema.json,
// formats (uri, date-time) included.
func assertMatchesCredentialsSchema(t *testing.T, path string) {
	t.Helper()
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(api.ConsoleCredentialsSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("console-credentials.schema.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("console-credentials.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("%s does not match api/console-credentials.schema.json: %v", path, err)
	}
}

// callWithToken opens a fresh MCP session with nothing but the access token and calls a tool.
func callWithToken(t *testing.T, inst *emulatortest.Instance, accessToken, tool string) json.RawMessage {
	t.Helper()
	transport := &http.Transport{TLSClientConfig: inst.TLSConfig(t, "", "")}
	t.Cleanup(transport.CloseIdleConnections)
	hc := &http.Client{Transport: bearer{token: accessToken, base: transport}, Timeout: 30 * time.Second}
	session, err := mcp.NewClient(&mcp.Implementation{Name: "appsintoss-test", Version: "0"}, nil).Connect(t.Context(),
		&mcp.StreamableClientTransport{Endpoint: inst.ConsoleURL, HTTPClient: hc, MaxRetries: -1, DisableStandaloneSSE: true}, nil)
	if err != nil {
		t.Fatalf("a fresh session with the access token: %v", err)
	}
	defer session.Close()
	res, err := session.CallTool(t.Context(), &mcp.CallToolParams{Name: tool, Arguments: map[string]any{}})
	answer, err := console.DecodeCallResult(tool, res, err)
	if err != nil {
		t.Fatalf("tools/call %s with the access token: %v", tool, err)
	}
	return answer
}

type bearer struct {
	token string
	base  http.RoundTripper
}

func (b bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+b.token)
	return b.base.RoundTrip(req)
}
