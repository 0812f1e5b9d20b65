package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// startServe runs `serve` with args until the test stops it with stopServe.
func startServe(t *testing.T, args ...string) (stdout, stderr *lockedBuffer, done chan error) {
	t.Helper()
	stdout, stderr, done = &lockedBuffer{}, &lockedBuffer{}, make(chan error, 1)
	go func() { done <- run(append([]string{"serve"}, args...), stdout, stderr) }()
	return stdout, stderr, done
}

// stopServe sends SIGTERM, as a CI script's kill does, and waits for a clean stop.
func stopServe(t *testing.T, done chan error) {
	t.Helper()
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

func writeTestCerts(t *testing.T, args ...string) string {
	t.Helper()
	certs := filepath.Join(t.TempDir(), "certs")
	if err := run(append([]string{"certs", "--out", certs}, args...), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	return certs
}

func readEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vars := map[string]string{}
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		name, value, ok := strings.Cut(scanner.Text(), "=")
		if !ok {
			t.Fatalf("not a KEY=value line: %q", scanner.Text())
		}
		vars[name] = value
	}
	return vars
}

// clientFromEnv is what the provider builds from the variables alone.
func clientFromEnv(t *testing.T, vars map[string]string) *http.Client {
	t.Helper()
	caPEM, err := os.ReadFile(vars["APPSINTOSS_CA_CERTIFICATE_FILE"])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	pair, err := tls.LoadX509KeyPair(vars["APPSINTOSS_CLIENT_CERTIFICATE_FILE"], vars["APPSINTOSS_CLIENT_KEY_FILE"])
	if err != nil {
		t.Fatal(err)
	}
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}}
	t.Cleanup(transport.CloseIdleConnections)
	return &http.Client{Timeout: 10 * time.Second, Transport: transport}
}

func status(t *testing.T, c *http.Client, method, url string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// Once listening, serve writes every variable the provider needs, pointing at its two hosts; the
// file is gone once it stops.
func TestServeWritesTheEnvFileForTwoHosts(t *testing.T) {
	certs := writeTestCerts(t, "--app", "ci-app")
	envFile := filepath.Join(t.TempDir(), "emulator.env")
	stdout, _, done := startServe(t, "--certs", certs, "--addr", "127.0.0.1:0", "--pay-addr", "127.0.0.1:0", "--env-file", envFile)
	waitForListening(t, stdout, done)

	vars := readEnvFile(t, envFile)
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	slices.Sort(names)
	want := []string{"APPSINTOSS_CA_CERTIFICATE_FILE", "APPSINTOSS_CLIENT_CERTIFICATE_FILE", "APPSINTOSS_CLIENT_KEY_FILE",
		"APPSINTOSS_ENDPOINT", "APPSINTOSS_LOGIN_DECRYPTION_AAD", "APPSINTOSS_LOGIN_DECRYPTION_KEY", "APPSINTOSS_PAY_ENDPOINT"}
	if !slices.Equal(names, want) {
		t.Fatalf("variables %v, want %v", names, want)
	}
	if info, err := os.Stat(envFile); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the env file holds the decryption key: mode %v (%v), want 0600", info.Mode().Perm(), err)
	}
	secrets, err := emulator.ReadLoginSecrets(certs)
	if err != nil {
		t.Fatal(err)
	}
	if vars["APPSINTOSS_LOGIN_DECRYPTION_KEY"] != secrets["ci-app"].DecryptionKey || vars["APPSINTOSS_LOGIN_DECRYPTION_AAD"] != secrets["ci-app"].AAD {
		t.Error("the login secrets are not client.pem's app's")
	}
	if vars["APPSINTOSS_ENDPOINT"] == vars["APPSINTOSS_PAY_ENDPOINT"] || !strings.Contains(stdout.String(), "Toss Pay on https://") {
		t.Errorf("two hosts, one URL: %v\n%s", vars, stdout)
	}

	c := clientFromEnv(t, vars)
	const pay = "/api-partner/v1/apps-in-toss/pay/make-payment"
	if got := status(t, c, http.MethodGet, vars["APPSINTOSS_ENDPOINT"]+"/_emulator/health"); got != http.StatusOK {
		t.Errorf("health on APPSINTOSS_ENDPOINT: %d", got)
	}
	if got := status(t, c, http.MethodPost, vars["APPSINTOSS_ENDPOINT"]+pay); got != http.StatusNotFound {
		t.Errorf("Toss Pay on the main host: %d, want 404", got)
	}
	if got := status(t, c, http.MethodPost, vars["APPSINTOSS_PAY_ENDPOINT"]+pay); got != http.StatusBadRequest {
		t.Errorf("Toss Pay on its host, without a user: %d, want the 400 of a known route", got)
	}

	stopServe(t, done)
	if _, err := os.Stat(envFile); !os.IsNotExist(err) {
		t.Errorf("the env file outlives the emulator: %v", err)
	}
}

// The file is read verbatim by `set -a; . FILE` (and by $GITHUB_ENV, which takes the same lines).
func TestEnvFileIsSourceable(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	certs := writeTestCerts(t)
	envFile := filepath.Join(t.TempDir(), "emulator.env")
	stdout, _, done := startServe(t, "--certs", certs, "--addr", "127.0.0.1:0", "--env-file", envFile)
	waitForListening(t, stdout, done)
	defer stopServe(t, done)

	want := readEnvFile(t, envFile)
	out, err := exec.Command(bash, "--noprofile", "--norc", "-c", `set -a; . "$1"; set +a; env`, "bash", envFile).Output()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if name, value, ok := strings.Cut(line, "="); ok && strings.HasPrefix(name, "APPSINTOSS_") {
			got[name] = value
		}
	}
	for name, value := range want {
		if got[name] != value {
			t.Errorf("%s: sourced %q, file %q", name, got[name], value)
		}
	}
	if want["APPSINTOSS_ENDPOINT"] != want["APPSINTOSS_PAY_ENDPOINT"] {
		t.Errorf("one listener, two URLs: %v", want)
	}
}

func TestEnvFileRefusesValuesAShellWouldSplit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "env")
	err := writeEnvFile(path, []envVar{{"APPSINTOSS_CA_CERTIFICATE_FILE", "/home/me/my certs/ca.pem"}})
	if err == nil || !strings.Contains(err.Error(), "APPSINTOSS_CA_CERTIFICATE_FILE") {
		t.Fatalf("want an error naming the variable, got %v", err)
	}
	if _, statErr := os.Stat(path); !os.IsNotExist(statErr) {
		t.Error("a refused env file was written")
	}
}

// callback.registration_verification is delivered before serve says it is ready.
func TestServeVerifiesTheSubscriptionWebhookBeforeReady(t *testing.T) {
	var mu sync.Mutex
	var got []string
	partner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.Header.Get("Authorization")+" "+string(body))
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer partner.Close()
	certs := writeTestCerts(t)
	stdout, stderr, done := startServe(t, "--certs", certs, "--addr", "127.0.0.1:0",
		"--subscription-webhook-url", partner.URL+"/iap", "--subscription-webhook-auth", "hook-secret")
	waitForListening(t, stdout, done)
	mu.Lock()
	received := append([]string(nil), got...)
	mu.Unlock()
	if len(received) != 1 || !strings.Contains(received[0], `"eventType":"callback.registration_verification"`) ||
		!strings.HasPrefix(received[0], "Basic aG9vay1zZWNyZXQ= ") {
		t.Errorf("before ready the partner got %q", received)
	}
	stopServe(t, done)
	if log := stderr.String(); strings.Contains(log, "hook-secret") || !strings.Contains(log, "registration_verification sent") {
		t.Errorf("log: %s", log)
	}
}

func TestCertsProductionNames(t *testing.T) {
	var out strings.Builder
	certs := filepath.Join(t.TempDir(), "certs")
	if err := run([]string{"certs", "--out", certs, "--production-names"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(certs, emulator.ServerCertFile))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"localhost", emulator.ProductionAPIHost, emulator.ProductionPayHost} {
		if err := cert.VerifyHostname(host); err != nil {
			t.Errorf("%s: %v", host, err)
		}
	}
	if !strings.Contains(out.String(), "never system-wide") {
		t.Errorf("certs --production-names does not warn: %s", out.String())
	}
}

func TestServeRefusesBadWebhookAndVerifySettings(t *testing.T) {
	certs := writeTestCerts(t)
	for _, args := range [][]string{
		{"--unlink-callback-url", "https://partner.example/unlink", "--unlink-callback-method", "PUT"},
		{"--unlink-callback-url", "partner.example/unlink"},
		{"--subscription-webhook-url", "ftp://partner.example/iap"},
		{"--anon-verify-result", "yes"},
	} {
		err := run(append([]string{"serve", "--certs", certs, "--addr", "127.0.0.1:0"}, args...), io.Discard, io.Discard)
		if err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}
