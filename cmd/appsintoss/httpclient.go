package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// requestTimeout bounds one HTTP exchange with the gateway or its authorization server (the
// browser's part of a sign-in is bounded by --timeout instead).
const requestTimeout = time.Minute

// newHTTPClient is the one HTTP client of a run, for discovery, the token endpoint and the MCP
// endpoint alike: TLS 1.2 or newer, the system roots plus caFile, and no redirect followed.
//
// The transport leaves dialing to net/http (no DialContext of its own). The MCP SDK then keeps
// its guard on OAuth discovery: metadata that points at private or link-local addresses is not
// fetched, so a hostile gateway cannot aim this command at a machine's internal services.
// Loopback stays allowed, which is where the emulator runs.
func newHTTPClient(caFile string) (*http.Client, error) {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		roots, err := trustRoots(caFile)
		if err != nil {
			return nil, err
		}
		tlsConfig.RootCAs = roots
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		TLSClientConfig:       tlsConfig,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: requestTimeout,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: transport, Timeout: requestTimeout, CheckRedirect: refuseRedirects}, nil
}

// trustRoots is the system roots plus the certificates of caFile.
func trustRoots(caFile string) (*x509.CertPool, error) {
	pemBytes, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("--ca-certificate-file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pemBytes) {
		return nil, fmt.Errorf("--ca-certificate-file %s holds no PEM certificate (expected blocks that start with "+
			"\"-----BEGIN CERTIFICATE-----\", such as the emulator's ca.pem)", caFile)
	}
	return pool, nil
}

// refuseRedirects is client.RefuseRedirects with advice for this command. Requests here carry
// authorization codes, PKCE verifiers, refresh tokens and Bearer tokens; the only redirect of a
// sign-in is the browser's, from the authorization server to the loopback listener.
func refuseRedirects(req *http.Request, via []*http.Request) error {
	err := client.RefuseRedirects(req, via)
	var redirect *client.RedirectError
	if !errors.As(err, &redirect) {
		return err
	}
	return fmt.Errorf("%s %s: the server answered HTTP %d, redirecting to %s. appsintoss follows no redirect (its "+
		"requests carry codes and tokens), so nothing was sent there; check --console-url: it must be the console "+
		"gateway's MCP URL itself", redirect.Method, redirect.Path, redirect.HTTPStatus, redirect.Location)
}
