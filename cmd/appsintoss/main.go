// Command appsintoss signs a person in to the Apps in Toss console gateway, the MCP server through
// which the provider reaches a real account's catalog (design.md "The console backend"), and
// writes the credentials file the provider reads.
//
//	appsintoss login  [--console-url URL] [--ca-certificate-file FILE] [--credentials-file FILE]
//	                  [--no-browser] [--redirect-host localhost|127.0.0.1] [--timeout 5m]
//	appsintoss status [--console-url URL] [--ca-certificate-file FILE] [--credentials-file FILE]
//	appsintoss logout [--credentials-file FILE]
//	appsintoss tools  [--console-url URL] [--ca-certificate-file FILE] [--credentials-file FILE]
//
// Human messages go to stderr. stdout carries only what a script may read: the authorization URL
// of `login --no-browser`, on a line of its own, and the JSON of `tools`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
)

// version is set at release time; "dev" marks a local build. The gateway sees it in the MCP
// initialize request's clientInfo.
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	cmd := &command{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, openBrowser: openSystemBrowser}
	err := cmd.run(ctx, os.Args[1:])
	stop()
	os.Exit(cmd.exitCode(err))
}

const usage = `appsintoss signs you in to the Apps in Toss console gateway, for the Terraform provider's
console road, and shows what the sign-in can see.

usage:
  appsintoss login  [--console-url URL] [--ca-certificate-file FILE] [--credentials-file FILE]
                    [--no-browser] [--redirect-host localhost|127.0.0.1] [--timeout 5m]
  appsintoss status [--console-url URL] [--ca-certificate-file FILE] [--credentials-file FILE]
  appsintoss logout [--credentials-file FILE]
  appsintoss tools  [--console-url URL] [--ca-certificate-file FILE] [--credentials-file FILE]

  login   sign in in a browser (OAuth 2.1, PKCE) and write the credentials file (mode 0600)
  status  who is signed in, which workspaces they see, when the access token expires
  logout  remove the credentials file
  tools   print the gateway's tools/list as JSON, for bug reports

Environment (the same variables the provider reads):
  APPSINTOSS_CONSOLE_URL                  default of --console-url
                                          (else https://mcp.toss.im/adapters/apps-in-toss-console/mcp)
  APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE  default of --ca-certificate-file (else the system roots)
  APPSINTOSS_CONSOLE_CREDENTIALS_FILE     default of --credentials-file
                                          (else <user config dir>/appsintoss/console-credentials.json)
  APPSINTOSS_CONSOLE_CREDENTIALS          status and tools: the credentials themselves (JSON, or
                                          base64 of it), used when --credentials-file is not given

Run "appsintoss COMMAND -h" for the flags of one command.`

// command is one run of the program: where its output goes, what it reads from the environment,
// and how it opens a browser. Tests give their own.
type command struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	openBrowser    func(ctx context.Context, url string) error

	// secrets are the tokens this run has seen; nothing it prints may carry them.
	mu      sync.Mutex
	secrets []string
}

// errUsage marks a command line that could not be understood; the flag package has said why.
var errUsage = errors.New("usage")

func (c *command) run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(c.stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "login":
		return c.login(ctx, args[1:])
	case "status":
		return c.status(ctx, args[1:])
	case "logout":
		return c.logout(args[1:])
	case "tools":
		return c.tools(ctx, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(c.stdout, usage)
		return nil
	}
	fmt.Fprintf(c.stderr, "appsintoss: unknown command %q\n\n%s\n", args[0], usage)
	return errUsage
}

// exitCode prints err (without any token) and says how the process ends: 0 done, 1 failed,
// 2 a command line it could not understand.
func (c *command) exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintln(c.stderr, "appsintoss: "+c.redact(err.Error()))
	return 1
}

// say writes a human message to stderr.
func (c *command) say(format string, a ...any) {
	fmt.Fprintln(c.stderr, c.redact(fmt.Sprintf(format, a...)))
}

// keepSecret registers a token so that redact removes it from anything printed afterwards.
func (c *command) keepSecret(secrets ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range secrets {
		if s != "" {
			c.secrets = append(c.secrets, s)
		}
	}
}

// redact is the last line of defence: the messages are written not to quote tokens, and
// anything that came from elsewhere (an SDK error, a server's description) is scrubbed here.
func (c *command) redact(text string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.secrets {
		text = strings.ReplaceAll(text, s, "[redacted]")
	}
	return text
}
