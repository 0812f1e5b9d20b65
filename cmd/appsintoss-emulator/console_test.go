package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
)

var consoleLine = regexp.MustCompile(`console gateway on (https://127\.0\.0\.1:\d+)/adapters/apps-in-toss-console/mcp`)

func TestServeWithConsoleAddrBindsBothListenersBeforeReady(t *testing.T) {
	certs := filepath.Join(t.TempDir(), "certs")
	if err := run([]string{"certs", "--out", certs}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var stdout lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"serve", "--certs", certs, "--addr", "127.0.0.1:0", "--console-addr", "127.0.0.1:0"},
			&stdout, io.Discard)
	}()
	url := waitForListening(t, &stdout, done)
	// The console line is printed before the main listener's "listening" line: by the time the
	// main listener answers, the console one is bound and served.
	m := consoleLine.FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("no console gateway line in %q", stdout.String())
	}
	issuer := m[1]

	client := mtlsClient(t, certs)
	resp, err := client.Post(url+"/_emulator/console/tokens", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	var creds struct{ ConsoleURL, Issuer string }
	err = json.NewDecoder(resp.Body).Decode(&creds)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || creds.Issuer != issuer ||
		creds.ConsoleURL != issuer+"/adapters/apps-in-toss-console/mcp" {
		t.Fatalf("console tokens: HTTP %d %v %+v", resp.StatusCode, err, creds)
	}

	// The console listener asks for no client certificate.
	noCert := mtlsClient(t, certs)
	noCert.Transport.(*http.Transport).TLSClientConfig.Certificates = nil
	resp, err = noCert.Get(issuer + "/.well-known/oauth-authorization-server")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"issuer":"`+issuer+`"`) {
		t.Fatalf("authorization server metadata: %d %s", resp.StatusCode, body)
	}

	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
}

func TestServeRefusesAConsoleAddrItCannotBind(t *testing.T) {
	certs := filepath.Join(t.TempDir(), "certs")
	if err := run([]string{"certs", "--out", certs}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	err := run([]string{"serve", "--certs", certs, "--addr", "127.0.0.1:0", "--console-addr", "256.0.0.1:1"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--console-addr") {
		t.Fatalf("want an error naming --console-addr, got %v", err)
	}
}

// With --console-addr, the env file also moves the provider's catalog onto the console road: the
// gateway's URL, its CA and a token set for the test console user. The credentials are JSON, so
// they travel base64-encoded: a shell and $GITHUB_ENV both read that verbatim.
func TestEnvFileCarriesTheConsoleVariablesOnlyWithConsoleAddr(t *testing.T) {
	consoleVars := []string{"APPSINTOSS_CONSOLE_URL", "APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE", "APPSINTOSS_CONSOLE_CREDENTIALS"}
	for _, withConsole := range []bool{false, true} {
		certs := writeTestCerts(t)
		envFile := filepath.Join(t.TempDir(), "emulator.env")
		args := []string{"--certs", certs, "--addr", "127.0.0.1:0", "--env-file", envFile}
		if withConsole {
			args = append(args, "--console-addr", "127.0.0.1:0")
		}
		stdout, _, done := startServe(t, args...)
		waitForListening(t, stdout, done)
		vars := readEnvFile(t, envFile)
		stopServe(t, done)

		for _, name := range consoleVars {
			if _, ok := vars[name]; ok != withConsole {
				t.Errorf("--console-addr given: %v; %s present: %v", withConsole, name, ok)
			}
		}
		if !withConsole {
			continue
		}
		if m := consoleLine.FindStringSubmatch(stdout.String()); m == nil || vars["APPSINTOSS_CONSOLE_URL"] != m[1]+"/adapters/apps-in-toss-console/mcp" {
			t.Errorf("APPSINTOSS_CONSOLE_URL %q is not the gateway serve announced:\n%s", vars["APPSINTOSS_CONSOLE_URL"], stdout)
		}
		if vars["APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE"] != vars["APPSINTOSS_CA_CERTIFICATE_FILE"] {
			t.Errorf("the console's CA %q differs from the emulator's %q", vars["APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE"], vars["APPSINTOSS_CA_CERTIFICATE_FILE"])
		}
		raw, err := base64.StdEncoding.DecodeString(vars["APPSINTOSS_CONSOLE_CREDENTIALS"])
		if err != nil {
			t.Fatalf("APPSINTOSS_CONSOLE_CREDENTIALS is not base64: %v", err)
		}
		var creds any
		if err := json.Unmarshal(raw, &creds); err != nil {
			t.Fatalf("APPSINTOSS_CONSOLE_CREDENTIALS does not decode to JSON: %v", err)
		}
		schema := compileSchema(t, api.ConsoleCredentialsSchema)
		if err := schema.Validate(creds); err != nil {
			t.Errorf("the credentials do not follow api/console-credentials.schema.json: %v", err)
		}
		if url, _ := creds.(map[string]any)["consoleUrl"].(string); url != vars["APPSINTOSS_CONSOLE_URL"] {
			t.Errorf("the credentials are for %q, not the gateway %q", url, vars["APPSINTOSS_CONSOLE_URL"])
		}
	}
}

func compileSchema(t *testing.T, schemaJSON []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}
