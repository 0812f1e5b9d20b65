package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lockedBuffer collects the program's output while it runs.
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

func TestCertsThenServeThenStopOnSignal(t *testing.T) {
	dir := t.TempDir()
	certs := filepath.Join(dir, "certs")
	var out bytes.Buffer
	if err := run([]string{"certs", "--out", certs, "--app", "my-app"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state.json")

	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"serve", "--certs", certs, "--addr", "127.0.0.1:0", "--state", state,
			"--seed", "../../internal/emulator/testdata/seed.json"}, &stdout, &stderr)
	}()
	url := waitForListening(t, &stdout, done)

	client := mtlsClient(t, certs)
	resp, err := client.Get(url + "/_emulator/health")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"app":"my-app"`) {
		t.Fatalf("health: %d %s", resp.StatusCode, body)
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
	if _, err := os.Stat(state); err != nil {
		t.Errorf("state not saved: %v", err)
	}
	if log := stderr.String(); !strings.Contains(log, "path=/_emulator/health status=200 app=my-app") {
		t.Errorf("request log: %s", log)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"bogus"}, {"certs"}, {"serve"}} {
		if err := run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: want an error", args)
		}
	}
}

var listening = regexp.MustCompile(`listening on (https://127\.0\.0\.1:\d+)`)

func waitForListening(t *testing.T, stdout *lockedBuffer, done chan error) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatal("no listening line")
	return ""
}

func mtlsClient(t *testing.T, certs string) *http.Client {
	t.Helper()
	caPEM, err := os.ReadFile(filepath.Join(certs, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	pair, err := tls.LoadX509KeyPair(filepath.Join(certs, "client.pem"), filepath.Join(certs, "client-key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{
		RootCAs: pool, Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}}}
}
