package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/console"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

func TestStatusWithValidCredentials(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	path, creds := writeCredentials(t, inst)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	r := newRun(nil)
	if code := r.exec(t, append([]string{"status"}, consoleArgs(inst, path)...)...); code != 0 {
		t.Fatalf("status exited %d:\n%s", code, r.output())
	}
	want := strings.Join([]string{
		"Console:        " + inst.ConsoleURL,
		"Credentials:    " + path + " (from --credentials-file)",
		"Signed in as:   에뮬레이터 테스터 (sub console-tester)",
		"Access token:   expires at " + creds.Expiry.UTC().Format(time.RFC3339) + " (in ",
	}, "\n")
	if stderr := r.stderr.String(); !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr:\n%s\nwant it to start with:\n%s", stderr, want)
	}
	for _, line := range []string{
		"Refresh token:  present, so access tokens are renewed without signing in again\n",
		"Workspaces:     1 \"에뮬레이터 워크스페이스\"\n",
	} {
		if !strings.Contains(r.stderr.String(), line) {
			t.Errorf("stderr lacks %q:\n%s", line, r.stderr.String())
		}
	}
	if strings.Contains(r.stderr.String(), "Refreshed:") {
		t.Errorf("a valid access token was refreshed:\n%s", r.stderr.String())
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("status rewrote valid credentials")
	}
	if out := r.stdout.String(); out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
	assertNoSecrets(t, r.output(), creds.AccessToken, creds.RefreshToken)
}

// An access token near its expiry is refreshed through the token endpoint and the new set is
// written back. The emulator rotates refresh tokens, so a second status works only if the file
// holds the new refresh token.
func TestStatusRefreshesAndWritesBack(t *testing.T) {
	t.Parallel()
	cfg := emulator.DefaultConfig()
	cfg.ConsoleTokenLifetime = 20 * time.Second // inside the token source's 30 s leeway: refreshed before use
	inst := emulatortest.StartWithConsole(t, cfg)
	path, first := writeCredentials(t, inst)

	r := newRun(nil)
	if code := r.exec(t, append([]string{"status"}, consoleArgs(inst, path)...)...); code != 0 {
		t.Fatalf("status exited %d:\n%s", code, r.output())
	}
	written := readCredentials(t, path)
	if written.AccessToken == first.AccessToken || written.RefreshToken == first.RefreshToken {
		t.Fatal("the refreshed token set was not written back")
	}
	if written.ObtainedAt != first.ObtainedAt || written.ConsoleURL != first.ConsoleURL {
		t.Errorf("the write-back changed the sign-in: %v", written)
	}
	if want := "the new token set was written back to " + path; !strings.Contains(r.stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr.String())
	}

	again := newRun(nil)
	if code := again.exec(t, append([]string{"status"}, consoleArgs(inst, path)...)...); code != 0 {
		t.Fatalf("a second status exited %d (the file's refresh token was spent?):\n%s", code, again.output())
	}
	last := readCredentials(t, path)
	secrets := []string{first.AccessToken, first.RefreshToken, written.AccessToken, written.RefreshToken,
		last.AccessToken, last.RefreshToken}
	assertNoSecrets(t, r.output()+again.output(), secrets...)
}

func TestStatusAfterRevocationSaysToLogIn(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	path, creds := writeCredentials(t, inst)
	inst.RevokeConsole(t)

	r := newRun(nil)
	if code := r.exec(t, append([]string{"status"}, consoleArgs(inst, path)...)...); code != 1 {
		t.Fatalf("status exited %d, want 1:\n%s", code, r.output())
	}
	stderr := r.stderr.String()
	for _, want := range []string{"the authorization server refused the refresh token (invalid_grant",
		"Run `appsintoss login --credentials-file " + path + "` to sign in again"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	assertNoSecrets(t, r.output(), creds.AccessToken, creds.RefreshToken)
}

func TestStatusWhenNotSignedIn(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "none.json")
	r := newRun(nil)
	if code := r.exec(t, "status", "--credentials-file", path); code != 1 {
		t.Fatalf("status exited %d, want 1:\n%s", code, r.output())
	}
	want := "console credentials file " + path + " (from --credentials-file) does not exist: run `appsintoss login " +
		"--credentials-file " + path + "`"
	if !strings.Contains(r.stderr.String(), want) {
		t.Errorf("stderr:\n%s\nwant it to contain:\n%s", r.stderr.String(), want)
	}
}

// APPSINTOSS_CONSOLE_CREDENTIALS is read as the provider reads it, and refreshed tokens stay in
// memory.
func TestStatusWithCredentialsFromTheEnvironment(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	raw := inst.ConsoleCredentials(t)
	var creds console.Credentials
	if err := json.Unmarshal(raw, &creds); err != nil {
		t.Fatal(err)
	}
	r := newRun(map[string]string{console.EnvCredentials: string(raw), envConsoleCAFile: inst.CAFile})
	if code := r.exec(t, "status"); code != 0 {
		t.Fatalf("status exited %d:\n%s", code, r.output())
	}
	if want := "Credentials:    the APPSINTOSS_CONSOLE_CREDENTIALS environment variable\n"; !strings.Contains(r.stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr.String())
	}
	assertNoSecrets(t, r.output(), creds.AccessToken, creds.RefreshToken)
}

func TestStatusRefusesCredentialsForAnotherGateway(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	path, _ := writeCredentials(t, inst)
	other := "https://127.0.0.1:1/adapters/apps-in-toss-console/mcp"
	r := newRun(map[string]string{envConsoleURL: other})
	if code := r.exec(t, "status", "--credentials-file", path); code != 1 {
		t.Fatalf("status exited %d, want 1:\n%s", code, r.output())
	}
	want := "are for " + inst.ConsoleURL + ", but " + envConsoleURL + " asks for " + other
	if !strings.Contains(r.stderr.String(), want) {
		t.Errorf("stderr:\n%s\nwant it to contain:\n%s", r.stderr.String(), want)
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "console-credentials.json")
	creds := &console.Credentials{Version: 1, ConsoleURL: "https://mcp.toss.im/adapters/apps-in-toss-console/mcp",
		TokenEndpoint: "https://auth.example/token", ClientID: "mcp-gateway", AccessToken: "access-secret",
		TokenType: "Bearer", RefreshToken: "refresh-secret", Expiry: time.Now().Add(time.Hour)}
	if err := console.WriteCredentialsFile(path, creds); err != nil {
		t.Fatal(err)
	}

	r := newRun(nil)
	if code := r.exec(t, "logout", "--credentials-file", path); code != 0 {
		t.Fatalf("logout exited %d:\n%s", code, r.output())
	}
	assertNoFile(t, path)
	want := "Removed the console credentials file " + path + " (--credentials-file). The gateway documents no way to " +
		"revoke tokens"
	if !strings.Contains(r.stderr.String(), want) {
		t.Errorf("stderr:\n%s\nwant it to contain:\n%s", r.stderr.String(), want)
	}

	again := newRun(map[string]string{console.EnvCredentials: "{}"})
	if code := again.exec(t, "logout", "--credentials-file", path); code != 0 {
		t.Fatalf("a second logout exited %d:\n%s", code, again.output())
	}
	for _, want := range []string{"Nothing to do: there is no console credentials file at " + path,
		"note: APPSINTOSS_CONSOLE_CREDENTIALS is set in this environment"} {
		if !strings.Contains(again.stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, again.stderr.String())
		}
	}
	assertNoSecrets(t, r.output()+again.output(), "access-secret", "refresh-secret")
}

func TestTools(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	path, creds := writeCredentials(t, inst)
	r := newRun(nil)
	if code := r.exec(t, append([]string{"tools"}, consoleArgs(inst, path)...)...); code != 0 {
		t.Fatalf("tools exited %d:\n%s", code, r.output())
	}
	var got, want struct {
		Tools []map[string]any `json:"tools"`
	}
	if err := json.Unmarshal([]byte(r.stdout.String()), &got); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, r.stdout.String())
	}
	file, err := os.ReadFile(filepath.Join("..", "..", "api", "console-tools.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(file, &want); err != nil {
		t.Fatal(err)
	}
	if len(got.Tools) != len(want.Tools) {
		t.Fatalf("%d tools printed, api/console-tools.json has %d", len(got.Tools), len(want.Tools))
	}
	printed := map[string]map[string]any{}
	for _, tool := range got.Tools {
		printed[tool["name"].(string)] = tool
	}
	for _, tool := range want.Tools {
		name := tool["name"].(string)
		if printed[name] == nil {
			t.Errorf("tool %s was not printed", name)
			continue
		}
		for _, key := range []string{"description", "inputSchema", "outputSchema"} {
			if g, w := mustJSON(t, printed[name][key]), mustJSON(t, tool[key]); g != w {
				t.Errorf("tool %s %s:\n%s\nwant\n%s", name, key, g, w)
			}
		}
	}
	if !strings.HasPrefix(r.stdout.String(), "{\n  \"tools\": [\n    {\n      \"name\": ") {
		t.Errorf("stdout is not indented JSON:\n%.200s", r.stdout.String())
	}
	assertNoSecrets(t, r.output(), creds.AccessToken, creds.RefreshToken)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
