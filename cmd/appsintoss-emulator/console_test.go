package main

import (
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
