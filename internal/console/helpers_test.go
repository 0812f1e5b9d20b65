package console

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// toolsDoc is api/console-tools.json, freshly parsed, so that a test may change it.
type toolsDoc map[string]any

func loadToolsDoc(t *testing.T) toolsDoc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "api", "console-tools.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc toolsDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// tool returns one tool's object (name, inputSchema, outputSchema), or nil.
func (d toolsDoc) tool(name string) map[string]any {
	for _, t := range d["tools"].([]any) {
		tool := t.(map[string]any)
		if tool["name"] == name {
			return tool
		}
	}
	return nil
}

// inputProperties returns the properties object of a tool's inputSchema.
func (d toolsDoc) inputProperties(name string) map[string]any {
	return d.tool(name)["inputSchema"].(map[string]any)["properties"].(map[string]any)
}

// addRequired appends to a tool's inputSchema required list.
func (d toolsDoc) addRequired(name, property string) {
	schema := d.tool(name)["inputSchema"].(map[string]any)
	schema["required"] = append(schema["required"].([]any), property)
}

// removeTool drops a tool from the list.
func (d toolsDoc) removeTool(name string) {
	var kept []any
	for _, t := range d["tools"].([]any) {
		if t.(map[string]any)["name"] != name {
			kept = append(kept, t)
		}
	}
	d["tools"] = kept
}

// mcpTools is the document as an MCP tools/list result.
func (d toolsDoc) mcpTools(t *testing.T) []*mcp.Tool {
	t.Helper()
	data, err := json.Marshal(d["tools"])
	if err != nil {
		t.Fatal(err)
	}
	var tools []*mcp.Tool
	if err := json.Unmarshal(data, &tools); err != nil {
		t.Fatal(err)
	}
	return tools
}

// checked runs CheckTools on the document and fails the test if it refuses.
func (d toolsDoc) checked(t *testing.T) *Toolset {
	t.Helper()
	set, err := CheckTools(d.mcpTools(t))
	if err != nil {
		t.Fatalf("CheckTools refused the tools: %v", err)
	}
	return set
}

// schema compiles a tool's inputSchema or outputSchema.
func (d toolsDoc) schema(t *testing.T, name, which string) *jsonschema.Schema {
	t.Helper()
	tool := d.tool(name)
	if tool == nil {
		t.Fatalf("no tool %s", name)
	}
	// Round-trip through the validator's own decoder: it wants json.Number, not float64.
	doc := mustJSONValue(t, tool[which])
	c := jsonschema.NewCompiler()
	url := "mem://" + name + "/" + which + ".json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s %s: %v", name, which, err)
	}
	return s
}

// mustJSONValue is v as the JSON Schema validator reads a document: marshalled, then decoded by it.
func mustJSONValue(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// validateAgainst reports whether v, as it would travel on the wire, satisfies the schema.
func validateAgainst(t *testing.T, s *jsonschema.Schema, v any) error {
	t.Helper()
	return s.Validate(mustJSONValue(t, v))
}

func int64p(v int64) *int64 { return &v }
