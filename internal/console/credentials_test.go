package console

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const (
	testAccessToken  = "at-SECRET-0123456789"
	testRefreshToken = "rt-SECRET-9876543210"
)

func fullCredentials() *Credentials {
	return &Credentials{
		Version: 1, ConsoleURL: "https://127.0.0.1:8443/mcp", Issuer: "https://127.0.0.1:8443",
		TokenEndpoint: "https://127.0.0.1:8443/token", ClientID: "mcp-gateway", AccessToken: testAccessToken,
		TokenType: "Bearer", RefreshToken: testRefreshToken, Expiry: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC),
		Scope: "console", ObtainedAt: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
	}
}

// credentialsSchema compiles api/console-credentials.schema.json, formats asserted.
func credentialsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "api", "console-credentials.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("mem://console-credentials.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("mem://console-credentials.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// assertFileMatchesSchema validates a written credentials file against the format's JSON Schema.
func assertFileMatchesSchema(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := credentialsSchema(t).Validate(v); err != nil {
		t.Fatalf("%s does not satisfy console-credentials.schema.json: %v\n%s", path, err, data)
	}
}

func assertMode0600(t *testing.T, path string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("%s has mode %s, want -rw-------", path, info.Mode().Perm())
	}
}

func TestCredentialsFileRoundTrip(t *testing.T) {
	for name, creds := range map[string]*Credentials{
		"full": fullCredentials(),
		"minimal": {Version: 1, ConsoleURL: "https://mcp.toss.im/adapters/apps-in-toss-console/mcp",
			TokenEndpoint: "https://auth.example/token", ClientID: "mcp-gateway", AccessToken: "a", TokenType: "Bearer",
			Expiry: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "new", "dir", "console-credentials.json")
			if err := WriteCredentialsFile(path, creds); err != nil {
				t.Fatal(err)
			}
			assertMode0600(t, path)
			if info, err := os.Stat(filepath.Dir(path)); err != nil || (runtime.GOOS != "windows" && info.Mode().Perm() != 0o700) {
				t.Fatalf("directory: %v %v", info.Mode(), err)
			}
			assertFileMatchesSchema(t, path)
			if name == "minimal" {
				var keys map[string]any
				data, _ := os.ReadFile(path)
				_ = json.Unmarshal(data, &keys)
				if len(keys) != len(requiredCredentialKeys) {
					t.Fatalf("unset optional fields were written: %s", data)
				}
			}
			got, err := ReadCredentialsFile(path, "a test")
			if err != nil {
				t.Fatal(err)
			}
			if *got != *creds {
				t.Fatalf("read back %#v", got)
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp"))
			if len(leftovers) > 0 {
				t.Fatalf("temporary files left: %v", leftovers)
			}
		})
	}
}

func TestWriteCredentialsFileReplacesAtomically(t *testing.T) {
	path := filepath.Join(t.TempDir(), "console-credentials.json")
	if err := WriteCredentialsFile(path, fullCredentials()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(path)
	next := fullCredentials()
	next.AccessToken = "at-next"
	if err := WriteCredentialsFile(path, next); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(path)
	if os.SameFile(before, after) {
		t.Fatal("the file was rewritten in place, not replaced by a rename")
	}
	got, err := ReadCredentialsFile(path, "a test")
	if err != nil || got.AccessToken != "at-next" {
		t.Fatalf("%v %v", got, err)
	}
	if err := WriteCredentialsFile(path, &Credentials{Version: 1}); err == nil {
		t.Fatal("invalid credentials were written")
	}
}

func TestReadCredentialsFileRefusesAnOpenFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no group/other mode bits on Windows")
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660} {
		t.Run(mode.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "creds.json")
			if err := WriteCredentialsFile(path, fullCredentials()); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, mode); err != nil {
				t.Fatal(err)
			}
			_, err := ReadCredentialsFile(path, "console.credentials_file")
			want := fmt.Sprintf("console credentials file %s (from console.credentials_file) is open to group or others "+
				"(mode %s), and it holds console tokens: run `chmod 600 %s`", path, mode, path)
			if err == nil || err.Error() != want {
				t.Fatalf("err = %v\nwant  %s", err, want)
			}
		})
	}
}

func TestReadCredentialsFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nowhere.json")
	_, err := ReadCredentialsFile(path, EnvCredentialsFile)
	want := fmt.Sprintf("console credentials file %s (from APPSINTOSS_CONSOLE_CREDENTIALS_FILE) does not exist: run "+
		"`appsintoss login --credentials-file %s` to sign in to the console and create it", path, path)
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant  %s", err, want)
	}
}

func TestAdviceQuotesPathsForTheShell(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no group/other mode bits on Windows")
	}
	path := filepath.Join(t.TempDir(), "my creds's", "console credentials.json")
	if err := WriteCredentialsFile(path, fullCredentials()); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadCredentialsFile(path, "")
	quoted := "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
	if err == nil || !strings.HasSuffix(err.Error(), "run `chmod 600 "+quoted+"`") ||
		!strings.HasPrefix(err.Error(), "console credentials file "+path+" is open") {
		t.Fatalf("err = %v", err)
	}
}

func TestDefaultCredentialsPath(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CONFIG_HOME decides the config directory on Linux only")
	}
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	got, err := DefaultCredentialsPath()
	if err != nil || got != filepath.Join(dir, "appsintoss", "console-credentials.json") {
		t.Fatalf("%s %v", got, err)
	}
	// The default path needs no --credentials-file in the advice.
	_, err = ReadCredentialsFile(got, "the default location")
	if err == nil || !strings.Contains(err.Error(), "run `appsintoss login` to sign in") {
		t.Fatalf("err = %v", err)
	}
}

// TestInvalidCredentialsAreRefusedWithoutQuotingThem: every format problem names a field, and
// no message carries a token.
func TestInvalidCredentialsAreRefusedWithoutQuotingThem(t *testing.T) {
	valid := func() map[string]any {
		data, _ := json.Marshal(fullCredentials())
		var m map[string]any
		_ = json.Unmarshal(data, &m)
		return m
	}
	cases := []struct {
		name   string
		change func(m map[string]any)
		raw    string
		want   string
	}{
		{name: "not JSON", raw: "accessToken=" + testAccessToken, want: "not a JSON object"},
		{name: "missing accessToken", change: func(m map[string]any) { delete(m, "accessToken") }, want: "accessToken is missing"},
		{name: "missing expiry", change: func(m map[string]any) { delete(m, "expiry") }, want: "expiry is missing"},
		{name: "unknown field", change: func(m map[string]any) { m["password"] = testAccessToken }, want: `unknown field "password"`},
		{name: "other version", change: func(m map[string]any) { m["version"] = 2 }, want: "version is 2"},
		{name: "relative console URL", change: func(m map[string]any) { m["consoleUrl"] = "/mcp" }, want: "consoleUrl must be an absolute URL"},
		{name: "empty access token", change: func(m map[string]any) { m["accessToken"] = "" }, want: "accessToken is empty"},
		{name: "token of the wrong type", change: func(m map[string]any) { m["refreshToken"] = 12 }, want: "refreshToken has the wrong type"},
		{name: "expiry not RFC 3339", change: func(m map[string]any) { m["expiry"] = "tomorrow " + testAccessToken }, want: "a time is not in RFC 3339 form"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := tc.raw
			if tc.change != nil {
				m := valid()
				tc.change(m)
				data, _ := json.Marshal(m)
				text = string(data)
			}
			path := filepath.Join(t.TempDir(), "creds.json")
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, fileErr := ReadCredentialsFile(path, "a test")
			_, envErr := CredentialsFromEnv(text)
			for _, err := range []error{fileErr, envErr} {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want one containing %q", err, tc.want)
				}
				assertNoSecret(t, err.Error())
			}
			if !strings.Contains(envErr.Error(), "APPSINTOSS_CONSOLE_CREDENTIALS is not valid console credentials") {
				t.Errorf("the env error does not name the variable: %v", envErr)
			}
		})
	}
}

func TestCredentialsFromEnv(t *testing.T) {
	data, _ := json.MarshalIndent(fullCredentials(), "", "  ")
	wrapped := base64.StdEncoding.EncodeToString(data)
	var lines []string
	for len(wrapped) > 76 {
		lines, wrapped = append(lines, wrapped[:76]), wrapped[76:]
	}
	for form, text := range map[string]string{
		"JSON":                          string(data),
		"base64":                        base64.StdEncoding.EncodeToString(data),
		"base64 without padding":        base64.RawStdEncoding.EncodeToString(data),
		"URL-safe base64":               base64.URLEncoding.EncodeToString(data),
		"base64 wrapped like base64(1)": strings.Join(append(lines, wrapped), "\n") + "\n",
	} {
		got, err := CredentialsFromEnv(text)
		if err != nil || *got != *fullCredentials() {
			t.Errorf("%s: %v %v", form, got, err)
		}
	}
}

// Base64 of something that is not the credentials is refused like the JSON would be, quoting
// neither form.
func TestCredentialsFromEnvRefusesBase64OfAnythingElse(t *testing.T) {
	m := map[string]any{"version": 1, "accessToken": testAccessToken}
	data, _ := json.Marshal(m)
	_, err := CredentialsFromEnv(base64.StdEncoding.EncodeToString(data))
	if err == nil || !strings.Contains(err.Error(), "read as base64 JSON") || !strings.Contains(err.Error(), "is missing") {
		t.Fatalf("err = %v", err)
	}
	assertNoSecret(t, err.Error())
	if strings.Contains(err.Error(), base64.StdEncoding.EncodeToString(data)[:20]) {
		t.Fatalf("the error quotes the variable's value: %v", err)
	}
}

func TestCredentialsNeverPrintTokens(t *testing.T) {
	c := fullCredentials()
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{c, *c} {
			assertNoSecret(t, fmt.Sprintf(format, v))
		}
	}
}

func assertNoSecret(t *testing.T, text string) {
	t.Helper()
	for _, secret := range []string{"SECRET", testAccessToken, testRefreshToken} {
		if strings.Contains(text, secret) {
			t.Fatalf("a token leaked: %s", text)
		}
	}
}
