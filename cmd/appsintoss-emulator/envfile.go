package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// envVar is one KEY=value line of the --env-file.
type envVar struct {
	Name, Value string
}

// serving is what a running emulator offers its clients: where it listens and the material to
// talk to it. Every listener serve binds is described here, so envVars can name it.
type serving struct {
	APIURL  string // apps-in-toss-api: everything but Toss Pay (or everything, with one listener)
	PayURL  string // pay-apps-in-toss-api: Toss Pay (APIURL when there is one listener)
	CertDir string // absolute
	// LoginSecret is the default app's login decryption key and AAD.
	LoginSecret emulator.LoginSecret
	// ConsoleURL is the console gateway's MCP URL and ConsoleCredentials a token set issued to
	// its test user; both empty without --console-addr.
	ConsoleURL         string
	ConsoleCredentials *emulator.ConsoleCredentials
}

// envVars is the content of the --env-file: the APPSINTOSS_* variables with which the provider,
// configured with no attributes at all, talks to this emulator. A listener serve gains (such as
// a console gateway) adds its variables here.
//
// The console variables are written only when the console gateway runs: their presence moves the
// provider's catalog onto the console road. The credentials are JSON, which no KEY=value line
// carries verbatim for both a shell and $GITHUB_ENV (quotes), so they are written base64-encoded;
// the provider reads APPSINTOSS_CONSOLE_CREDENTIALS in either form.
func envVars(s serving) ([]envVar, error) {
	vars := []envVar{
		{"APPSINTOSS_ENDPOINT", s.APIURL},
		{"APPSINTOSS_PAY_ENDPOINT", s.PayURL},
		{"APPSINTOSS_CA_CERTIFICATE_FILE", filepath.Join(s.CertDir, emulator.CAFile)},
		{"APPSINTOSS_CLIENT_CERTIFICATE_FILE", filepath.Join(s.CertDir, emulator.ClientCertFile)},
		{"APPSINTOSS_CLIENT_KEY_FILE", filepath.Join(s.CertDir, emulator.ClientKeyFile)},
		{"APPSINTOSS_LOGIN_DECRYPTION_KEY", s.LoginSecret.DecryptionKey},
		{"APPSINTOSS_LOGIN_DECRYPTION_AAD", s.LoginSecret.AAD},
	}
	if s.ConsoleURL == "" {
		return vars, nil
	}
	credentials, err := json.Marshal(s.ConsoleCredentials) //nolint:gosec // G117: handing the test user's tokens to the provider is what the env file is for (mode 0600)
	if err != nil {
		return nil, fmt.Errorf("--env-file: encoding the console credentials: %w", err)
	}
	return append(vars,
		envVar{"APPSINTOSS_CONSOLE_URL", s.ConsoleURL},
		envVar{"APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE", filepath.Join(s.CertDir, emulator.CAFile)},
		envVar{"APPSINTOSS_CONSOLE_CREDENTIALS", base64.StdEncoding.EncodeToString(credentials)},
	), nil
}

// plainValue is what one KEY=value line can carry so that both of its readers take it verbatim:
// a shell's `set -a; . FILE` (no quoting, so no space, quote, $ or backslash) and GitHub Actions'
// $GITHUB_ENV (no newline).
var plainValue = regexp.MustCompile(`^[A-Za-z0-9_./:+=@,%~-]*$`)

// writeEnvFile writes vars as KEY=value lines, atomically (a reader never sees half a file) and
// with mode 0600: the login decryption key is a secret.
func writeEnvFile(path string, vars []envVar) error {
	var sb strings.Builder
	for _, v := range vars {
		if !plainValue.MatchString(v.Value) {
			return fmt.Errorf("--env-file: %s cannot be written so that both a shell and $GITHUB_ENV read it "+
				"verbatim (it has a space, quote, $ or other special character); use a certificate directory "+
				"whose path has only letters, digits and _ . / - characters", v.Name)
		}
		fmt.Fprintf(&sb, "%s=%s\n", v.Name, v.Value)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".appsintoss-emulator-env-*")
	if err != nil {
		return fmt.Errorf("--env-file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("--env-file: %w", err)
	}
	if _, err := tmp.WriteString(sb.String()); err != nil {
		tmp.Close()
		return fmt.Errorf("--env-file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("--env-file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("--env-file: %w", err)
	}
	return nil
}

// dialableURL is the https URL of a listener a client on this machine can use: a wildcard bind
// (0.0.0.0, ::) is reached on 127.0.0.1, which the server certificate names.
func dialableURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "https://" + addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "https://" + net.JoinHostPort(host, port)
}
