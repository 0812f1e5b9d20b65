package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/console"
)

// The flags the commands share, and the environment variables that give their defaults: the same
// variables the provider reads, so that one environment serves both.
const (
	defaultConsoleURL = "https://mcp.toss.im/adapters/apps-in-toss-console/mcp"

	envConsoleURL    = "APPSINTOSS_CONSOLE_URL"
	envConsoleCAFile = "APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE"

	// mcpClientID is the gateway's pre-registered public client (reference §13.1): it has no
	// dynamic client registration, and the documented clients sign in as this id.
	mcpClientID = "mcp-gateway"
)

// gatewayFlags are where the gateway is, what to trust, and where the credentials live.
type gatewayFlags struct {
	consoleURL      string
	caFile          string
	credentialsFile string
	// fromFlag: --credentials-file was on the command line (it then wins over
	// APPSINTOSS_CONSOLE_CREDENTIALS).
	fromFlag bool
	// consoleURLGiven: the console URL came from --console-url or APPSINTOSS_CONSOLE_URL, not the
	// default; consoleURLOrigin says which, for messages.
	consoleURLGiven  bool
	consoleURLOrigin string
}

func (c *command) newFlagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprintf(c.stderr, "usage: appsintoss %s %s\n\nflags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// addGatewayFlags declares --console-url and --ca-certificate-file.
func (c *command) addGatewayFlags(fs *flag.FlagSet, f *gatewayFlags) {
	fs.StringVar(&f.consoleURL, "console-url", c.envOr(envConsoleURL, defaultConsoleURL),
		"the console gateway's MCP URL (env "+envConsoleURL+")")
	fs.StringVar(&f.caFile, "ca-certificate-file", c.getenv(envConsoleCAFile),
		"PEM file of extra trust roots, for the emulator or a private gateway; the system roots are always trusted (env "+
			envConsoleCAFile+")")
}

// addCredentialsFlag declares --credentials-file.
func (c *command) addCredentialsFlag(fs *flag.FlagSet, f *gatewayFlags) {
	fs.StringVar(&f.credentialsFile, "credentials-file", "",
		"the credentials file (env "+console.EnvCredentialsFile+"; default <user config dir>/appsintoss/console-credentials.json)")
}

// parse reads the command line: nothing but flags.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage // the flag package has printed why
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "appsintoss %s takes no arguments, only flags (got %q)\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}

// finish completes the flags after parsing: which were given, and a console URL that is safe to
// send tokens to.
func (c *command) finish(fs *flag.FlagSet, f *gatewayFlags) error {
	if c.getenv(envConsoleURL) != "" {
		f.consoleURLGiven, f.consoleURLOrigin = true, envConsoleURL
	}
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "credentials-file":
			f.fromFlag = true
		case "console-url":
			f.consoleURLGiven, f.consoleURLOrigin = true, "--console-url"
		}
	})
	if fs.Lookup("console-url") == nil {
		return nil
	}
	return checkConsoleURL(f.consoleURL)
}

// checkConsoleURL refuses a URL that would carry tokens in clear text to another machine: https,
// or http to this machine only (the MCP SDK draws the same line for OAuth metadata).
func checkConsoleURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("--console-url %q is not an absolute http(s) URL; the official gateway is %s", raw, defaultConsoleURL)
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return fmt.Errorf("--console-url %q is plain http to another machine, which would send tokens in clear text; use https", raw)
	}
	return nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// credentialsPath is the file the credentials live in and where that path came from, for
// messages: --credentials-file, else APPSINTOSS_CONSOLE_CREDENTIALS_FILE, else the default.
func (c *command) credentialsPath(f *gatewayFlags) (path, from string, err error) {
	if f.fromFlag {
		if f.credentialsFile == "" {
			return "", "", errors.New("--credentials-file is empty; give a path, or leave the flag out for the default location")
		}
		return f.credentialsFile, "--credentials-file", nil
	}
	if p := c.getenv(console.EnvCredentialsFile); p != "" {
		return p, console.EnvCredentialsFile, nil
	}
	p, err := console.DefaultCredentialsPath()
	if err != nil {
		return "", "", fmt.Errorf("%w; name a file with --credentials-file", err)
	}
	return p, "the default location", nil
}

func (c *command) envOr(name, fallback string) string {
	if v := c.getenv(name); v != "" {
		return v
	}
	return fallback
}
