package emulator

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEveryConsoleInputSchemaCompiles(t *testing.T) {
	defs, err := consoleToolDefs()
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != len(consoleToolFuncs) {
		t.Errorf("api/console-tools.json has %d tools, the emulator implements %d", len(defs), len(consoleToolFuncs))
	}
}

func TestArgumentCheckerRefusesKeywordsItDoesNotEnforce(t *testing.T) {
	for _, schema := range []string{
		`{"type":"object","properties":{"name":{"type":"string","minLength":1}}}`,
		`{"type":"object","additionalProperties":true}`,
		`{"type":"object","properties":{"price":{"type":"number","minimum":0.5}}}`,
		`{"type":"object","oneOf":[]}`,
	} {
		if _, err := compileArgSchema(json.RawMessage(schema)); err == nil {
			t.Errorf("%s compiled; a keyword the checker ignores must fail to load", schema)
		}
	}
}

func TestArgumentChecker(t *testing.T) {
	schema, err := compileArgSchema(json.RawMessage(`{"type":"object","required":["id"],"properties":{
		"id":{"type":"integer","minimum":1},
		"ratio":{"type":"number","maximum":2},
		"note":{"type":["string","null"],"maxLength":3},
		"kind":{"type":"string","enum":["A","B"]},
		"items":{"type":"array","items":{"type":"object","properties":{"n":{"type":"integer","multipleOf":10}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	for args, wantField := range map[string]string{
		`{"id":1,"ratio":1.5,"note":null,"kind":"A","items":[{"n":20}]}`: "",
		`{"id":1,"note":"한글세"}`:                                          "",
		`{}`:                                                             "id",
		`{"id":0}`:                                                       "id",
		`{"id":1.0}`:                                                     "id",
		`{"id":"1"}`:                                                     "id",
		`{"id":1,"ratio":2.5}`:                                           "ratio",
		`{"id":1,"note":"네 글자요"}`:                                        "note",
		`{"id":1,"kind":"C"}`:                                            "kind",
		`{"id":1,"kind":1}`:                                              "kind",
		`{"id":1,"items":[{"n":10},{"n":15}]}`:                           "items[1].n",
		`{"id":1,"items":[{"n":10,"m":1}]}`:                              "items[0].m",
		`{"id":1,"extra":true}`:                                          "extra",
		`[1]`:                                                            "arguments",
	} {
		_, refused := schema.check(json.RawMessage(args))
		switch {
		case wantField == "" && refused != nil:
			t.Errorf("%s: refused %v", args, refused)
		case wantField != "" && (refused == nil || refused.Data["field"] != wantField):
			t.Errorf("%s: want a refusal naming %s, got %v", args, wantField, refused)
		case refused != nil && !strings.Contains(refused.Reason, wantField):
			t.Errorf("%s: the reason %q does not name %s", args, refused.Reason, wantField)
		}
	}
	// No arguments at all are an empty object.
	if _, refused := schema.check(nil); refused == nil || refused.Data["field"] != "id" {
		t.Errorf("absent arguments: %v", refused)
	}
}
