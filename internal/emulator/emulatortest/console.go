package emulatortest

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// StartWithConsole is Start plus the console gateway (OAuth + MCP) on its own loopback port:
// Instance.ConsoleURL is its MCP URL, ConsoleCredentials hands out token sets for its test
// user, and Restart brings it back on the same port (with no token surviving).
func StartWithConsole(t testing.TB, cfg emulator.Config) *Instance {
	t.Helper()
	return start(t, cfg, listeners{console: true})
}

// startConsole binds the console listener (again on the same port after a Restart) and starts
// the gateway before the main listener serves, as `serve` does.
func (inst *Instance) startConsole(t testing.TB, emu *emulator.Emulator, mainLn net.Listener) {
	t.Helper()
	var ln net.Listener
	var err error
	for range 50 { // after a Restart, the old socket may take a moment to be released
		if ln, err = net.Listen("tcp", inst.consoleAddr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err == nil {
		inst.ConsoleURL, err = emu.StartConsole(ln)
	}
	if err != nil {
		mainLn.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = emu.Shutdown(ctx)
		t.Fatalf("emulatortest: console gateway: %v", err)
	}
	inst.consoleAddr = ln.Addr().String()
}

// ConsoleCredentials issues a token set for the console's test user through
// POST /_emulator/console/tokens, in the format of api/console-credentials.schema.json (what
// APPSINTOSS_CONSOLE_CREDENTIALS holds).
func (inst *Instance) ConsoleCredentials(t testing.TB) []byte {
	t.Helper()
	status, body := inst.Do(t, http.MethodPost, "/_emulator/console/tokens", nil, nil)
	if status != http.StatusOK {
		t.Fatalf("emulatortest: POST /_emulator/console/tokens: HTTP %d: %s", status, body)
	}
	return body
}

// RevokeConsole makes every console access and refresh token invalid.
func (inst *Instance) RevokeConsole(t testing.TB) {
	t.Helper()
	inst.admin(t, http.MethodPost, "console/revoke", nil, nil)
}
