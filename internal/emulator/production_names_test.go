package emulator_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// serveFrom runs an emulator from the certificates in dir on a loopback port and returns its
// address.
func serveFrom(t *testing.T, dir string) string {
	t.Helper()
	emu, err := emulator.New(emulator.DefaultConfig(), dir)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- emu.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := emu.Shutdown(ctx); err != nil {
			t.Error(err)
		}
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return ln.Addr().String()
}

// resolvingClient trusts only the emulator's CA (as SSL_CERT_FILE or NODE_EXTRA_CA_CERTS would in
// the process under test) and sends every connection to addr, whatever host the URL names: what
// /etc/hosts, curl --resolve or a container network alias do.
func resolvingClient(t *testing.T, dir, addr string) *http.Client {
	t.Helper()
	caPEM, err := os.ReadFile(filepath.Join(dir, emulator.CAFile))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	pair, err := tls.LoadX509KeyPair(filepath.Join(dir, emulator.ClientCertFile), filepath.Join(dir, emulator.ClientKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	var dialer net.Dialer
	transport := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
	}
	t.Cleanup(transport.CloseIdleConnections)
	return &http.Client{Transport: transport, Timeout: 10 * time.Second}
}

func TestProductionNamesLetAClientKeepItsProductionURLs(t *testing.T) {
	dir := t.TempDir()
	if err := emulator.WriteCertsWith(dir, emulator.CertOptions{ProductionNames: true}); err != nil {
		t.Fatal(err)
	}
	client := resolvingClient(t, dir, serveFrom(t, dir))
	for _, host := range []string{"apps-in-toss-api.toss.im", "pay-apps-in-toss-api.toss.im", "localhost"} {
		resp, err := client.Get("https://" + host + "/_emulator/health")
		if err != nil {
			t.Errorf("%s: %v", host, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: HTTP %d %s", host, resp.StatusCode, body)
		}
	}
}

func TestWithoutProductionNamesTheProductionHostIsRefused(t *testing.T) {
	dir := t.TempDir()
	if err := emulator.WriteCerts(dir, ""); err != nil {
		t.Fatal(err)
	}
	client := resolvingClient(t, dir, serveFrom(t, dir))
	resp, err := client.Get("https://apps-in-toss-api.toss.im/_emulator/health")
	if err == nil {
		resp.Body.Close()
		t.Fatal("the production host name was accepted by a loopback-only certificate")
	}
	var hostErr x509.HostnameError
	if !errors.As(err, &hostErr) || !strings.Contains(err.Error(), "apps-in-toss-api.toss.im") {
		t.Errorf("want a host name verification error, got %v", err)
	}
}
