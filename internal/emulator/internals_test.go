package emulator

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

func TestULIDShape(t *testing.T) {
	pattern := regexp.MustCompile(`^[0-7][0-9A-HJKMNP-TV-Z]{25}$`)
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	a, b := newULID(now), newULID(now.Add(time.Millisecond))
	if !pattern.MatchString(a) || !pattern.MatchString(b) {
		t.Fatalf("not ULIDs: %s %s", a, b)
	}
	if a[:10] >= b[:10] {
		t.Errorf("the time prefix must sort by time: %s, %s", a, b)
	}
}

func TestGrossPriceAddsTenPercentVAT(t *testing.T) {
	for net, gross := range map[int64]int64{400: 440, 1000: 1100, 4900: 5390, 1_400_000: 1_540_000, 1230: 1353} {
		if got := grossPrice(net); got != gross {
			t.Errorf("grossPrice(%d) = %d, want %d", net, got, gross)
		}
	}
}

func TestTokenBucketRefillsAtTheRate(t *testing.T) {
	l := newRateLimits(60, 10) // 1 per second, burst 1
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if ok, _ := l.allowApp("a", now); !ok {
		t.Fatal("first request refused")
	}
	if ok, retry := l.allowApp("a", now); ok || retry != 1 {
		t.Fatalf("second request: ok=%v retry=%d", ok, retry)
	}
	if ok, _ := l.allowApp("a", now.Add(time.Second)); !ok {
		t.Fatal("refilled token refused")
	}
	big := newRateLimits(3000, 10) // burst 50
	for i := range 50 {
		if ok, _ := big.allowApp("a", now); !ok {
			t.Fatalf("request %d of the 50 burst refused", i)
		}
	}
	if ok, _ := big.allowApp("a", now); ok {
		t.Fatal("the 51st request in the same instant passed")
	}
}

func TestSweepEvictsExpiredEntries(t *testing.T) {
	dir := t.TempDir()
	if err := WriteCerts(dir, DefaultAppName); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	clock := now
	e, err := New(Config{Now: func() time.Time { return clock }}, dir)
	if err != nil {
		t.Fatal(err)
	}
	a := e.st.app(DefaultAppName)
	u, _, err := e.createUser(a, UserSpec{AccessToken: "fixed"}, now)
	if err != nil {
		t.Fatal(err)
	}
	a.issueTokens(u, now)
	a.PromotionKeys["k"] = &promotionKey{ExpiresAt: now.Add(promotionKeyTTL)}
	a.Idempotency["i"] = &idempotencyRecord{ExpiresAt: now.Add(idempotencyTTL)}

	e.sweepIfDue(now.Add(15 * 24 * time.Hour))
	if len(a.AuthCodes) != 0 || len(a.RefreshTokens) != 0 || len(a.PromotionKeys) != 0 || len(a.Idempotency) != 0 {
		t.Errorf("expired entries survived: codes %d refresh %d keys %d idem %d",
			len(a.AuthCodes), len(a.RefreshTokens), len(a.PromotionKeys), len(a.Idempotency))
	}
	if _, ok := a.AccessTokens["fixed"]; !ok || len(a.AccessTokens) != 1 {
		t.Errorf("only the fixed access token should remain: %d", len(a.AccessTokens))
	}
}

func TestServerHasTimeoutsForSlowClients(t *testing.T) {
	dir := t.TempDir()
	if err := WriteCerts(dir, DefaultAppName); err != nil {
		t.Fatal(err)
	}
	e, err := New(DefaultConfig(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.servers) != 3 {
		t.Fatalf("%d servers, want one per kind of listener", len(e.servers))
	}
	for h, srv := range e.servers {
		if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 {
			t.Errorf("timeouts of the %d listener: %+v", h, srv)
		}
	}
}

func TestWriteCerts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "certs")
	if err := WriteCerts(dir, "my-app"); err != nil {
		t.Fatal(err)
	}
	for name, mode := range map[string]os.FileMode{CAFile: 0o644, CAKeyFile: 0o600, ServerCertFile: 0o644, ServerKeyFile: 0o600,
		ClientCertFile: 0o644, ClientKeyFile: 0o600, Client2CertFile: 0o644, Client2KeyFile: 0o600,
		OtherAppCertFile: 0o644, OtherAppKeyFile: 0o600, LoginSecretsFile: 0o600} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != mode {
			t.Errorf("%s mode %v, want %v", name, info.Mode().Perm(), mode)
		}
	}
	server := readCert(t, filepath.Join(dir, ServerCertFile))
	if err := server.VerifyHostname("localhost"); err != nil {
		t.Error(err)
	}
	for _, ip := range []string{"127.0.0.1", "::1"} {
		if err := server.VerifyHostname(ip); err != nil {
			t.Error(err)
		}
	}
	if cn := readCert(t, filepath.Join(dir, Client2CertFile)).Subject.CommonName; cn != "my-app" {
		t.Errorf("client2 CN %q", cn)
	}
	if cn := readCert(t, filepath.Join(dir, OtherAppCertFile)).Subject.CommonName; cn != OtherAppName {
		t.Errorf("other-app CN %q", cn)
	}
	secrets, err := ReadLoginSecrets(dir)
	if err != nil || len(secrets) != 2 || secrets["my-app"].AAD == "" {
		t.Fatalf("login secrets: %v %v", secrets, err)
	}

	// Running it again keeps the CA and the login secrets.
	ca := readCert(t, filepath.Join(dir, CAFile))
	if err := WriteCerts(dir, "my-app"); err != nil {
		t.Fatal(err)
	}
	if again := readCert(t, filepath.Join(dir, CAFile)); !again.Equal(ca) {
		t.Error("the CA was replaced")
	}
	if again, _ := ReadLoginSecrets(dir); again["my-app"] != secrets["my-app"] {
		t.Error("the login secrets were replaced")
	}
}

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}
