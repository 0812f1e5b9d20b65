package main

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func contextWithCancelCause(t *testing.T) (context.Context, context.CancelCauseFunc) {
	t.Helper()
	return context.WithCancelCause(t.Context())
}

func TestUsage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		code int
		want string // in stderr
	}{
		{args: nil, code: 2, want: "usage:\n  appsintoss login"},
		{args: []string{"bogus"}, code: 2, want: `unknown command "bogus"`},
		{args: []string{"login", "--bogus"}, code: 2, want: "flag provided but not defined: -bogus"},
		{args: []string{"status", "extra"}, code: 2, want: `appsintoss status takes no arguments, only flags (got "extra")`},
		{args: []string{"login", "-h"}, code: 0, want: "usage: appsintoss login [--console-url URL]"},
		{args: []string{"login", "--redirect-host", "example.com"}, code: 1,
			want: `--redirect-host "example.com": use localhost or 127.0.0.1`},
		{args: []string{"login", "--timeout", "0s"}, code: 1, want: "--timeout 0s: give a positive duration"},
		{args: []string{"login", "--console-url", "http://gateway.example/mcp"}, code: 1,
			want: "is plain http to another machine"},
		{args: []string{"status", "--console-url", "mcp.toss.im"}, code: 1, want: "is not an absolute http(s) URL"},
		{args: []string{"logout", "--credentials-file", ""}, code: 1, want: "--credentials-file is empty"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			r := newRun(nil)
			if code := r.exec(t, tc.args...); code != tc.code {
				t.Errorf("exit %d, want %d:\n%s", code, tc.code, r.output())
			}
			if !strings.Contains(r.stderr.String(), tc.want) {
				t.Errorf("stderr:\n%s\nwant it to contain %q", r.stderr.String(), tc.want)
			}
		})
	}
}

func TestHelpGoesToStdout(t *testing.T) {
	t.Parallel()
	r := newRun(nil)
	if code := r.exec(t, "help"); code != 0 || !strings.HasPrefix(r.stdout.String(), "appsintoss signs you in") {
		t.Errorf("exit %d, stdout:\n%s", code, r.stdout.String())
	}
}

func TestCheckConsoleURL(t *testing.T) {
	t.Parallel()
	for raw, ok := range map[string]bool{
		defaultConsoleURL:                     true,
		"https://127.0.0.1:8443/mcp":          true,
		"http://127.0.0.1:8443/mcp":           true,
		"http://localhost:8443/mcp":           true,
		"http://[::1]:8443/mcp":               true,
		"http://mcp.toss.im/mcp":              false,
		"http://10.0.0.5/mcp":                 false,
		"ftp://mcp.toss.im/mcp":               false,
		"/adapters/apps-in-toss-console/mcp":  false,
		"https:///adapters/apps-in-toss-mcp/": false,
	} {
		if err := checkConsoleURL(raw); (err == nil) != ok {
			t.Errorf("checkConsoleURL(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}

// Whatever an error carries, a token this run has seen is not printed.
func TestErrorsAreRedacted(t *testing.T) {
	t.Parallel()
	r := newRun(nil)
	r.cmd.keepSecret("s3cr3t-access", "", "s3cr3t-refresh")
	code := r.cmd.exitCode(errors.New("the server echoed s3cr3t-access and s3cr3t-refresh"))
	if code != 1 || r.stderr.String() != "appsintoss: the server echoed [redacted] and [redacted]\n" {
		t.Errorf("exit %d, stderr %q", code, r.stderr.String())
	}
	r.cmd.say("warning: %s", "s3cr3t-refresh")
	assertNoSecrets(t, r.output(), "s3cr3t-access", "s3cr3t-refresh")
}

func TestWho(t *testing.T) {
	t.Parallel()
	jwt := func(payload string) string {
		return "eyJhbGciOiJIUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".sig"
	}
	for token, want := range map[string]string{
		jwt(`{"sub":"console-tester","name":"에뮬레이터 테스터"}`): "에뮬레이터 테스터 (sub console-tester)",
		jwt(`{"sub":"u-1"}`):           "sub u-1",
		jwt(`{"name":"Kim"}`):          "Kim",
		jwt(`{"name":"Kim\u001b[2J"}`): "Kim[2J",
		jwt(`{}`):                      "the gateway does not say (its access token names no one)",
		jwt(`not json`):                "the gateway does not say (its access token is not a JWT)",
		"opaque-token":                 "the gateway does not say (its access token is not a JWT)",
	} {
		if got := who(token); got != want {
			t.Errorf("who(%s) = %q, want %q", token, got, want)
		}
	}
}

func TestBrowserOpener(t *testing.T) {
	t.Parallel()
	for goos, want := range map[string]string{
		"darwin":  "open https://x",
		"windows": "rundll32 url.dll,FileProtocolHandler https://x",
		"linux":   "xdg-open https://x",
		"freebsd": "xdg-open https://x",
	} {
		name, args := browserOpener(goos, "https://x")
		if got := strings.Join(append([]string{name}, args...), " "); got != want {
			t.Errorf("%s: %s, want %s", goos, got, want)
		}
	}
}
