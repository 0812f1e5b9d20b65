package main

import (
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestLoginRefusesRedirects: a gateway whose MCP endpoint or OAuth metadata answers 307 does not
// get its redirect followed. Nothing reaches the redirect's target, and no browser step starts.
func TestLoginRefusesRedirects(t *testing.T) {
	t.Parallel()
	for _, redirecting := range []string{"mcp endpoint", "protected-resource metadata", "authorization-server metadata"} {
		t.Run(redirecting, func(t *testing.T) {
			t.Parallel()
			var trapped atomic.Int32
			trap := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				trapped.Add(1)
				w.WriteHeader(http.StatusOK)
			}))
			t.Cleanup(trap.Close)

			var gateway *httptest.Server
			gateway = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/mcp" && redirecting != "mcp endpoint":
					w.Header().Set("WWW-Authenticate",
						`Bearer resource_metadata="`+gateway.URL+`/.well-known/oauth-protected-resource/mcp"`)
					w.WriteHeader(http.StatusUnauthorized)
				case r.URL.Path == "/.well-known/oauth-protected-resource/mcp" && redirecting == "authorization-server metadata":
					w.Header().Set("Content-Type", "application/json")
					_ = json.NewEncoder(w).Encode(map[string]any{"resource": gateway.URL + "/mcp",
						"authorization_servers": []string{gateway.URL}})
				default:
					http.Redirect(w, r, trap.URL+"/stolen", http.StatusTemporaryRedirect)
				}
			}))
			t.Cleanup(gateway.Close)
			caFile := filepath.Join(t.TempDir(), "ca.pem")
			caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: gateway.Certificate().Raw})
			if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
				t.Fatal(err)
			}

			path := filepath.Join(t.TempDir(), "creds.json")
			r := newRun(nil)
			code := r.exec(t, "login", "--no-browser", "--timeout", "1ms", "--console-url", gateway.URL+"/mcp",
				"--ca-certificate-file", caFile, "--credentials-file", path)
			if code != 1 {
				t.Fatalf("login exited %d, want 1:\n%s", code, r.output())
			}
			if stderr := r.stderr.String(); !strings.Contains(stderr, "the server answered HTTP 307") ||
				!strings.Contains(stderr, "appsintoss follows no redirect") {
				t.Errorf("stderr does not explain the refused redirect:\n%s", stderr)
			}
			if n := trapped.Load(); n != 0 {
				t.Errorf("the redirect's target received %d request(s)", n)
			}
			if out := r.stdout.String(); out != "" {
				t.Errorf("a browser step started: %q", out)
			}
			assertNoFile(t, path)
		})
	}
}
