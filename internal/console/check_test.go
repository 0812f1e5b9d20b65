package console

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckToolsAcceptsConsoleTools(t *testing.T) {
	set := loadToolsDoc(t).checked(t)
	for _, name := range UsedTools() {
		tool, err := set.tool(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, arg := range tool.args {
			if arg.need != sendIfAccepted && arg.property == "" {
				t.Errorf("tool %s: %s is not bound to any property", name, arg.field)
			}
		}
	}
}

func TestUsedToolsAreTheDesignsTools(t *testing.T) {
	want := []string{
		"iap_product_change_status", "iap_product_create_inspection", "iap_product_get", "iap_product_list",
		"iap_product_update_inspection", "miniapp_list", "promotion_change_status", "promotion_create",
		"promotion_get", "promotion_list", "promotion_modify", "promotion_review_comment", "push_template_create",
		"push_template_list", "push_template_update", "workspace_list",
	}
	if got := UsedTools(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("UsedTools() = %v, want %v", got, want)
	}
}

// TestCheckToolsRefusesDifferentSchemas holds the mapping against schemas that differ from
// console-tools.json the ways a changed gateway could: each is refused with the tool, the
// property and the schema received in the message, and nothing is bound.
func TestCheckToolsRefusesDifferentSchemas(t *testing.T) {
	cases := []struct {
		name   string
		change func(d toolsDoc)
		want   []string // substrings of the error, in any order
	}{
		{
			name: "renamed required property",
			change: func(d toolsDoc) {
				props := d.inputProperties("push_template_create")
				props["headline"] = props["title"]
				delete(props, "title")
				schema := d.tool("push_template_create")["inputSchema"].(map[string]any)
				for i, r := range schema["required"].([]any) {
					if r == "title" {
						schema["required"].([]any)[i] = "headline"
					}
				}
			},
			want: []string{
				`tool push_template_create, property "title": the provider must send title here, but the tool has no property for it`,
				`tool push_template_create, property "headline": required by the tool, but the provider has no value for it`,
				"inputSchema of push_template_create received:",
				`"headline": {`,
			},
		},
		{
			name: "extra required property",
			change: func(d toolsDoc) {
				d.inputProperties("promotion_create")["budgetAccount"] = map[string]any{"type": "string"}
				d.addRequired("promotion_create", "budgetAccount")
			},
			want: []string{
				`tool promotion_create, property "budgetAccount": required by the tool, but the provider has no value for it`,
				"inputSchema of promotion_create received:",
				`"budgetAccount"`,
			},
		},
		{
			name:   "missing tool",
			change: func(d toolsDoc) { d.removeTool("iap_product_get") },
			want:   []string{"tool iap_product_get: missing from the gateway's tools/list (it listed 15 tools)"},
		},
		{
			name: "wrong type",
			change: func(d toolsDoc) {
				d.inputProperties("promotion_create")["totalBudget"] = map[string]any{"type": "string"}
			},
			want: []string{
				`tool promotion_create, property "totalBudget": declared type string cannot carry totalBudget (an integer)`,
				"inputSchema of promotion_create received:",
			},
		},
		{
			name: "id of an impossible type",
			change: func(d toolsDoc) {
				d.inputProperties("iap_product_get")["productId"] = map[string]any{"type": "boolean"}
			},
			want: []string{`tool iap_product_get, property "productId": declared type boolean cannot carry productId (an id, integer or string)`},
		},
		{
			name: "renamed required property of a discount policy",
			change: func(d toolsDoc) {
				items := d.inputProperties("iap_product_create_inspection")["discountPolicies"].(map[string]any)["items"].(map[string]any)
				props := items["properties"].(map[string]any)
				props["policyType"] = props["type"]
				delete(props, "type")
				items["required"] = []any{"policyType"}
			},
			want: []string{
				`tool iap_product_create_inspection, property "discountPolicies[].type": the provider must send type here`,
				`tool iap_product_create_inspection, property "discountPolicies[].policyType": required by the tool`,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := loadToolsDoc(t)
			tc.change(doc)
			set, err := CheckTools(doc.mcpTools(t))
			if set != nil {
				t.Errorf("CheckTools returned a Toolset despite the problems")
			}
			var mismatch *SchemaMismatchError
			if !errors.As(err, &mismatch) {
				t.Fatalf("CheckTools error = %v, want *SchemaMismatchError", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "nothing was sent to the account") {
				t.Errorf("message does not say that nothing was sent:\n%s", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
		})
	}
}

// TestCheckToolsListsEveryProblem: problems in several tools come back in one error.
func TestCheckToolsListsEveryProblem(t *testing.T) {
	doc := loadToolsDoc(t)
	doc.removeTool("workspace_list")
	doc.removeTool("promotion_review_comment")
	doc.inputProperties("push_template_update")["templateSetCode"] = map[string]any{"type": "object"}
	_, err := CheckTools(doc.mcpTools(t))
	var mismatch *SchemaMismatchError
	if !errors.As(err, &mismatch) {
		t.Fatalf("error = %v, want *SchemaMismatchError", err)
	}
	var got []string
	for _, p := range mismatch.Problems {
		got = append(got, p.Tool+"/"+p.Property)
	}
	want := "promotion_review_comment/,push_template_update/templateSetCode,workspace_list/"
	if strings.Join(got, ",") != want {
		t.Fatalf("problems = %v, want %s", got, want)
	}
	if mismatch.Problems[1].InputSchema == "" || !strings.Contains(mismatch.Problems[1].InputSchema, `"object"`) {
		t.Errorf("the problem does not carry the schema received: %q", mismatch.Problems[1].InputSchema)
	}
}

// TestUnknownOptionalPropertiesAreLeftOut: an optional property the mapping does not know passes
// the check and is never sent.
func TestUnknownOptionalPropertiesAreLeftOut(t *testing.T) {
	doc := loadToolsDoc(t)
	doc.inputProperties("push_template_create")["priority"] = map[string]any{"type": "integer"}
	set := doc.checked(t)
	tool, _ := set.tool("push_template_create")
	values, err := inputValues(fullTemplateInput())
	if err != nil {
		t.Fatal(err)
	}
	values.identity = testIdentity
	args, err := tool.arguments(values)
	if err != nil {
		t.Fatal(err)
	}
	if _, sent := args["priority"]; sent {
		t.Fatalf("an unknown optional property was sent: %v", args)
	}
}

// TestSchemaWithoutTypesAcceptsAnyValue: a property that declares no type (an empty schema, or
// the boolean schema true) takes our value as is.
func TestSchemaWithoutTypesAcceptsAnyValue(t *testing.T) {
	for name, schema := range map[string]any{"empty schema": map[string]any{}, "true": true} {
		t.Run(name, func(t *testing.T) {
			doc := loadToolsDoc(t)
			doc.inputProperties("iap_product_get")["productId"] = schema
			set := doc.checked(t)
			tool, _ := set.tool("iap_product_get")
			args, err := tool.arguments(callValues{identity: testIdentity, id: "17"})
			if err != nil {
				t.Fatal(err)
			}
			if args["productId"] != "17" {
				t.Fatalf("productId = %#v, want the string \"17\"", args["productId"])
			}
		})
	}
}
