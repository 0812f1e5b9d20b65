package emulator_test

import (
	"encoding/json"
	"net"
	"strings"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// Config.ConsoleTools lets a test show a client a gateway whose tools differ from
// api/console-tools.json: here one tool is left out and one requires a property more.
func TestConsoleTools_aTestCanServeOtherSchemas(t *testing.T) {
	t.Parallel()
	var doc map[string]any
	if err := json.Unmarshal(api.ConsoleTools, &doc); err != nil {
		t.Fatal(err)
	}
	var kept []any
	for _, tool := range doc["tools"].([]any) {
		m := tool.(map[string]any)
		switch m["name"] {
		case "promotion_get":
			continue
		case "push_template_create":
			schema := m["inputSchema"].(map[string]any)
			schema["properties"].(map[string]any)["senderName"] = map[string]any{"type": "string"}
			schema["required"] = append(schema["required"].([]any), "senderName")
		}
		kept = append(kept, tool)
	}
	doc["tools"] = kept
	custom, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	inst := emulatortest.StartWithConsole(t, emulator.Config{ConsoleTools: custom})
	listed, err := consoleSession(t, inst).ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, tool := range listed.Tools {
		schema, _ := json.Marshal(tool.InputSchema)
		byName[tool.Name] = string(schema)
	}
	if _, ok := byName["promotion_get"]; ok {
		t.Error("promotion_get is listed, but the test's tools leave it out")
	}
	if !strings.Contains(byName["push_template_create"], `"senderName"`) {
		t.Errorf("push_template_create's schema is not the test's: %s", byName["push_template_create"])
	}
	if len(byName) != len(kept) {
		t.Errorf("%d tools listed, want %d", len(byName), len(kept))
	}
}

func TestConsoleTools_aToolTheEmulatorCannotRunIsRefused(t *testing.T) {
	t.Parallel()
	custom := []byte(`{"tools":[{"name":"promotion_money_charge","inputSchema":{"type":"object"}}]}`)
	dir := t.TempDir()
	if err := emulator.WriteCerts(dir, emulator.DefaultAppName); err != nil {
		t.Fatal(err)
	}
	emu, err := emulator.New(emulator.Config{ConsoleTools: custom}, dir)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if _, err := emu.StartConsole(ln); err == nil || !strings.Contains(err.Error(), "promotion_money_charge") {
		t.Fatalf("StartConsole with an unknown tool: %v", err)
	}
}
