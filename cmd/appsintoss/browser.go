package main

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"time"
)

// openerGrace is how long an opener may run before it counts as having handed the URL over:
// openers normally exit at once, but some stay while the browser they started runs.
const openerGrace = 3 * time.Second

// openSystemBrowser opens url with the platform's opener: open on macOS, rundll32 on Windows,
// xdg-open elsewhere. An opener that is missing or fails is an error, and the caller prints the
// URL instead.
func openSystemBrowser(ctx context.Context, url string) error {
	name, args := browserOpener(runtime.GOOS, url)
	path, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("no %s on this machine", name)
	}
	// Not bound to ctx: the browser outlives this command.
	opener := exec.Command(path, args...) //nolint:gosec // G204: the platform's own opener, given one URL
	if err := opener.Start(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- opener.Wait() }()
	timer := time.NewTimer(openerGrace)
	defer timer.Stop()
	select {
	case err := <-exited:
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	case <-timer.C: // still running, which is how some openers behave once the browser is up
	case <-ctx.Done():
	}
	return nil
}

// browserOpener is the command that opens a URL in the default browser on goos. Only the
// platform's own opener is used: the same name means something else elsewhere (open(1) on Linux
// is openvt).
func browserOpener(goos, url string) (name string, args []string) {
	switch goos {
	case "darwin":
		return "open", []string{url}
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", url}
	}
	return "xdg-open", []string{url}
}

// showAuthorizationURL sends the person to the authorization URL: in their browser, or, with
// --no-browser or when no browser opens, by printing the URL alone on a line of stdout, so that a
// script or a person on another machine can take it whole.
func (c *command) showAuthorizationURL(ctx context.Context, authURL string, noBrowser bool, lb *loopback, timeout time.Duration) {
	if !noBrowser {
		err := c.openBrowser(ctx, authURL)
		if err == nil {
			c.say("Opened a browser to sign in to the Apps in Toss console; if none appeared, open this URL:\n  %s\n"+
				"Waiting up to %s for the browser to come back to %s", authURL, timeout, lb.redirectURI)
			return
		}
		c.say("Could not open a browser (%v).", err)
	}
	c.say("Open the URL below in a browser to sign in to the Apps in Toss console. Waiting up to %s for the browser to "+
		"come back to %s (the browser must run on this machine).", timeout, lb.redirectURI)
	fmt.Fprintln(c.stdout, authURL)
}
