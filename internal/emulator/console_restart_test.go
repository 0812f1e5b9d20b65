package emulator_test

import (
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// Console-made objects are ordinary catalog state (saved with --state); console tokens live in
// memory and do not survive a restart, while the console URL stays the same.
func TestConsoleAfterARestart(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	url := inst.ConsoleURL
	old := consoleCredentials(t, inst)
	callOK(t, consoleSession(t, inst), "push_template_create", templateArgs("KEPT"), nil)

	inst.Restart(t)

	if inst.ConsoleURL != url {
		t.Errorf("the console moved from %s to %s", url, inst.ConsoleURL)
	}
	resp, err := newRawMCPMaybe(t, inst, old.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	wantUnauthorized(t, inst, resp)
	var listed struct{ Contents []consoleTemplate }
	callOK(t, consoleSession(t, inst), "push_template_list", target(nil), &listed)
	if len(listed.Contents) != 1 || listed.Contents[0].Code != "KEPT" {
		t.Errorf("after the restart: %+v", listed.Contents)
	}
}
