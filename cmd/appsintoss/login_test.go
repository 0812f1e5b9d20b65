package main

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/console"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// TestLoginWithNoBrowser is the whole sign-in as a person does it on a machine without a
// browser at hand: the URL alone on a line of stdout, the browser's part done by hand, the
// credentials file written, and its tokens good for a fresh session.
func TestLoginWithNoBrowser(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	path := filepath.Join(t.TempDir(), "new-dir", "console-credentials.json")
	r := newRun(nil).start(t, append([]string{"login", "--no-browser"}, consoleArgs(inst, path)...)...)

	line := r.urlLine(t)
	authURL, err := url.Parse(line)
	if err != nil || authURL.Scheme != "https" || strings.TrimSpace(line) != line {
		t.Fatalf("the URL line is not a URL alone: %q", line)
	}
	q := authURL.Query()
	issuer := strings.TrimSuffix(inst.ConsoleURL, "/adapters/apps-in-toss-console/mcp")
	for key, want := range map[string]string{"client_id": "mcp-gateway", "response_type": "code",
		"code_challenge_method": "S256", "resource": inst.ConsoleURL} {
		if got := q.Get(key); got != want {
			t.Errorf("authorization URL %s = %q, want %q", key, got, want)
		}
	}
	if authURL.Scheme+"://"+authURL.Host+authURL.Path != issuer+"/authorize" {
		t.Errorf("authorization URL %s, want the emulator's %s/authorize", line, issuer)
	}
	redirect := redirectURI(t, line)
	if !regexp.MustCompile(`^http://localhost:\d+/callback$`).MatchString(redirect.String()) {
		t.Errorf("redirect_uri %s, want http://localhost:<port>/callback", redirect)
	}

	location := authorize(t, inst, line)
	if !strings.HasPrefix(location.String(), redirect.String()+"?") {
		t.Fatalf("the authorization server redirected to %s, want %s?…", location, redirect)
	}
	favicon := *location
	favicon.Path, favicon.RawQuery = "/favicon.ico", ""
	if status, _ := mustDeliver(t, &favicon); status != http.StatusNotFound {
		t.Errorf("GET /favicon.ico on the loopback listener: HTTP %d, want 404", status)
	}
	status, page := mustDeliver(t, location)
	if status != http.StatusOK || !strings.Contains(page, "You can close this tab") || !strings.Contains(page, "이 탭을 닫아도 돼요") {
		t.Errorf("the callback page: HTTP %d\n%s", status, page)
	}
	if code := r.wait(); code != 0 {
		t.Fatalf("login exited %d:\n%s", code, r.output())
	}
	assertListenerClosed(t, redirect)
	if got := r.stdout.String(); got != line+"\n" {
		t.Errorf("stdout carries more than the URL line:\n%s", got)
	}

	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("the credentials file has mode %v, want 0600", info.Mode().Perm())
	}
	assertMatchesCredentialsSchema(t, path)
	creds := readCredentials(t, path)
	if creds.ConsoleURL != inst.ConsoleURL || creds.Issuer != issuer || creds.TokenEndpoint != issuer+"/token" ||
		creds.ClientID != "mcp-gateway" || creds.TokenType != "Bearer" || creds.RefreshToken == "" {
		t.Errorf("credentials %v (issuer %q, token endpoint %q)", creds, creds.Issuer, creds.TokenEndpoint)
	}
	if now := time.Now(); !creds.Expiry.After(now) || creds.ObtainedAt.After(now) || creds.ObtainedAt.IsZero() {
		t.Errorf("expiry %s, obtained at %s", creds.Expiry, creds.ObtainedAt)
	}
	if answer := callWithToken(t, inst, creds.AccessToken, "workspace_list"); !strings.Contains(string(answer), "workspaceId") {
		t.Errorf("workspace_list with the written access token answered %s", answer)
	}

	stderr := r.stderr.String()
	for _, want := range []string{"as 에뮬레이터 테스터 (sub console-tester)", `Workspaces: 1 "에뮬레이터 워크스페이스"`,
		"Credentials written to " + path + " (--credentials-file, mode 0600)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	assertNoSecrets(t, r.output(), creds.AccessToken, creds.RefreshToken)
}

// The session login opens must not refresh the new token set before it is written: with a
// lifetime under golang.org/x/oauth2's 10-second margin, a refreshing token source would rotate
// the refresh token away before every request, and the file would hold a spent one.
func TestLoginWritesAnUnspentRefreshToken(t *testing.T) {
	t.Parallel()
	cfg := emulator.DefaultConfig()
	cfg.ConsoleTokenLifetime = 9 * time.Second
	inst := emulatortest.StartWithConsole(t, cfg)
	path := filepath.Join(t.TempDir(), "creds.json")
	r, line := loginWith(t, inst, path, nil)
	mustDeliver(t, authorize(t, inst, line))
	if code := r.wait(); code != 0 {
		t.Fatalf("login exited %d:\n%s", code, r.output())
	}
	written := readCredentials(t, path)

	status := newRun(nil) // refreshes at once: 9 s is inside the token source's leeway
	if code := status.exec(t, append([]string{"status"}, consoleArgs(inst, path)...)...); code != 0 {
		t.Fatalf("status with the refresh token login wrote exited %d:\n%s", code, status.output())
	}
	assertNoSecrets(t, r.output()+status.output(), written.AccessToken, written.RefreshToken)
}

// loginWith runs login --no-browser with extra flags and returns the run and its authorization
// URL, leaving the browser's part to the test.
func loginWith(t *testing.T, inst *emulatortest.Instance, path string, env map[string]string, extra ...string) (*run, string) {
	t.Helper()
	args := append([]string{"login", "--no-browser"}, consoleArgs(inst, path)...)
	r := newRun(env).start(t, append(args, extra...)...)
	return r, r.urlLine(t)
}

func TestLoginRedirectHost(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	for _, host := range []string{"localhost", "127.0.0.1"} {
		t.Run(host, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "creds.json")
			r, line := loginWith(t, inst, path, nil, "--redirect-host", host)
			redirect := redirectURI(t, line)
			if redirect.Scheme != "http" || redirect.Hostname() != host || redirect.Path != "/callback" {
				t.Errorf("redirect_uri %s, want http://%s:<port>/callback", redirect, host)
			}
			mustDeliver(t, authorize(t, inst, line))
			if code := r.wait(); code != 0 {
				t.Fatalf("login exited %d:\n%s", code, r.output())
			}
			creds := readCredentials(t, path)
			assertNoSecrets(t, r.output(), creds.AccessToken, creds.RefreshToken)
		})
	}
}

func TestLoginRefusesAWrongState(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	path := filepath.Join(t.TempDir(), "creds.json")
	r, line := loginWith(t, inst, path, nil)
	location := authorize(t, inst, line)
	q := location.Query()
	q.Set("state", "forged-"+q.Get("state"))
	location.RawQuery = q.Encode()

	status, page := mustDeliver(t, location)
	if status != http.StatusBadRequest || !strings.Contains(page, "Sign-in failed") {
		t.Errorf("the callback page for a wrong state: HTTP %d\n%s", status, page)
	}
	if code := r.wait(); code != 1 {
		t.Fatalf("login exited %d, want 1:\n%s", code, r.output())
	}
	if stderr := r.stderr.String(); !strings.Contains(stderr, "\nappsintoss: the redirect to the loopback listener carried a state this login did not send") {
		t.Errorf("stderr does not explain the state:\n%s", stderr)
	}
	assertNoFile(t, path)
	assertListenerClosed(t, location)
	assertNoSecrets(t, r.output(), q.Get("code"))
}

func TestLoginAccessDenied(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	path := filepath.Join(t.TempDir(), "creds.json")
	r, line := loginWith(t, inst, path, nil)
	redirect := redirectURI(t, line)
	denied := *redirect
	authURL, _ := url.Parse(line)
	denied.RawQuery = url.Values{"error": {"access_denied"}, "error_description": {"사용자가 로그인을 취소했어요."},
		"state": {authURL.Query().Get("state")}}.Encode()

	status, page := mustDeliver(t, &denied)
	if status != http.StatusBadRequest || !strings.Contains(page, "Sign-in failed") {
		t.Errorf("the callback page for access_denied: HTTP %d\n%s", status, page)
	}
	if code := r.wait(); code != 1 {
		t.Fatalf("login exited %d, want 1:\n%s", code, r.output())
	}
	want := `appsintoss: the authorization server did not sign you in: error "access_denied", error_description ` +
		`"사용자가 로그인을 취소했어요.". The sign-in was declined in the browser; run ` + "`appsintoss login`" + ` again to retry`
	if stderr := r.stderr.String(); !strings.Contains(stderr, want) {
		t.Errorf("stderr:\n%s\nwant it to contain:\n%s", stderr, want)
	}
	assertNoFile(t, path)
	assertListenerClosed(t, redirect)
}

// A code the authorization server will not exchange (here: one it never issued) ends the login
// with its error code and description, and without the code.
func TestLoginWithARefusedCode(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	path := filepath.Join(t.TempDir(), "creds.json")
	r, line := loginWith(t, inst, path, nil)
	location := authorize(t, inst, line)
	q := location.Query()
	q.Set("code", "never-issued-code")
	location.RawQuery = q.Encode()
	if status, _ := mustDeliver(t, location); status != http.StatusOK {
		t.Errorf("the callback page: HTTP %d, want 200 (the code is judged by the token endpoint)", status)
	}
	if code := r.wait(); code != 1 {
		t.Fatalf("login exited %d, want 1:\n%s", code, r.output())
	}
	want := `appsintoss: the authorization server refused to exchange the sign-in code for tokens: HTTP 400, error invalid_grant ` +
		`("인가 코드가 없거나 이미 쓰였어요. 다시 로그인해 주세요."). Run ` + "`appsintoss login`" + ` again`
	if stderr := r.stderr.String(); !strings.Contains(stderr, want) {
		t.Errorf("stderr:\n%s\nwant it to contain:\n%s", stderr, want)
	}
	assertNoFile(t, path)
	assertNoSecrets(t, r.output(), "never-issued-code")
}

func TestLoginTimesOut(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	path := filepath.Join(t.TempDir(), "creds.json")
	r, line := loginWith(t, inst, path, nil, "--timeout", "50ms")
	if code := r.wait(); code != 1 {
		t.Fatalf("login exited %d, want 1:\n%s", code, r.output())
	}
	redirect := redirectURI(t, line)
	if stderr := r.stderr.String(); !strings.Contains(stderr, "\nappsintoss: no sign-in came back to "+redirect.String()+" within 50ms") {
		t.Errorf("stderr does not explain the timeout:\n%s", stderr)
	}
	assertNoFile(t, path)
	assertListenerClosed(t, redirect)
}

// With a browser, the URL goes to the browser and stdout stays empty; a browser that cannot be
// opened falls back to the URL line.
func TestLoginOpensTheBrowser(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())

	t.Run("opened", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "creds.json")
		r := newRun(nil)
		opened := make(chan string, 1)
		r.cmd.openBrowser = func(_ context.Context, authURL string) error {
			opened <- authURL
			return nil
		}
		r.start(t, append([]string{"login"}, consoleArgs(inst, path)...)...)
		authURL := <-opened
		mustDeliver(t, authorize(t, inst, authURL))
		if code := r.wait(); code != 0 {
			t.Fatalf("login exited %d:\n%s", code, r.output())
		}
		if out := r.stdout.String(); out != "" {
			t.Errorf("stdout %q, want nothing when the browser opened", out)
		}
		if !strings.Contains(r.stderr.String(), "Opened a browser") {
			t.Errorf("stderr:\n%s", r.stderr.String())
		}
		readCredentials(t, path)
	})
	t.Run("no browser", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "creds.json")
		r := newRun(nil).start(t, append([]string{"login"}, consoleArgs(inst, path)...)...)
		line := r.urlLine(t)
		mustDeliver(t, authorize(t, inst, line))
		if code := r.wait(); code != 0 {
			t.Fatalf("login exited %d:\n%s", code, r.output())
		}
		if !strings.Contains(r.stderr.String(), "Could not open a browser (no browser in tests)") {
			t.Errorf("stderr:\n%s", r.stderr.String())
		}
		readCredentials(t, path)
	})
}

// Without --credentials-file, login writes where APPSINTOSS_CONSOLE_CREDENTIALS_FILE says.
func TestLoginWritesWhereTheEnvironmentSays(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	path := filepath.Join(t.TempDir(), "from-env.json")
	env := map[string]string{console.EnvCredentialsFile: path, envConsoleURL: inst.ConsoleURL,
		envConsoleCAFile: inst.CAFile}
	r := newRun(env).start(t, "login", "--no-browser")
	mustDeliver(t, authorize(t, inst, r.urlLine(t)))
	if code := r.wait(); code != 0 {
		t.Fatalf("login exited %d:\n%s", code, r.output())
	}
	if creds := readCredentials(t, path); creds.ConsoleURL != inst.ConsoleURL {
		t.Errorf("credentials for %s", creds.ConsoleURL)
	}
	if !strings.Contains(r.stderr.String(), "("+console.EnvCredentialsFile+", mode 0600)") {
		t.Errorf("stderr does not say where the path came from:\n%s", r.stderr.String())
	}
}

// With nothing named, the file goes to the user's config directory. Not parallel: it sets the
// process's XDG_CONFIG_HOME, which os.UserConfigDir reads.
func TestLoginWritesToTheDefaultLocation(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CONFIG_HOME decides os.UserConfigDir on Linux only")
	}
	inst := emulatortest.StartWithConsole(t, emulator.DefaultConfig())
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	r := newRun(nil).start(t, "login", "--no-browser", "--console-url", inst.ConsoleURL, "--ca-certificate-file", inst.CAFile)
	mustDeliver(t, authorize(t, inst, r.urlLine(t)))
	if code := r.wait(); code != 0 {
		t.Fatalf("login exited %d:\n%s", code, r.output())
	}
	readCredentials(t, filepath.Join(config, "appsintoss", "console-credentials.json"))
}
