package console

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The configure-time check: the mapping (mapping.go) held against the gateway's live tools/list.
// Input schemas are not published (reference §13.1), so the mapping is an inference; this is where
// an inference that no longer holds is caught, before anything reaches a real account.

// Toolset is the gateway's tools, checked against the mapping and bound to it: for every tool the
// provider uses, which property carries each of our values. Only CheckTools makes one.
type Toolset struct {
	tools map[string]*boundTool
}

// boundTool is one checked tool.
type boundTool struct {
	name    string
	mapping toolMapping
	args    []boundArgument
	// schemaText is the inputSchema as received, indented, for messages.
	schemaText string
}

// boundArgument is an argument and the property that takes it ("" when the tool has none).
type boundArgument struct {
	argument
	property string
	schema   *schemaNode // the property's schema; nil when unbound
	required bool        // the tool requires the property
	items    []boundArgument
}

// schemaNode is the part of a JSON Schema the check reads.
type schemaNode struct {
	Type       any                    `json:"type"`
	Properties map[string]*schemaNode `json:"properties"`
	Required   []string               `json:"required"`
	Enum       []any                  `json:"enum"`
	Items      *schemaNode            `json:"items"`
	Maximum    *float64               `json:"maximum"`
}

// UnmarshalJSON also takes the boolean schemas true and false (any value, no value): neither
// declares a type or properties.
func (n *schemaNode) UnmarshalJSON(data []byte) error {
	if t := strings.TrimSpace(string(data)); t == "true" || t == "false" {
		*n = schemaNode{}
		return nil
	}
	type plain schemaNode
	return json.Unmarshal(data, (*plain)(n))
}

// types is the set of JSON types the schema declares (none: any type).
func (n *schemaNode) types() []string {
	switch t := n.Type.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, v := range t {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// SchemaMismatchError says that the gateway's tools are not what the provider knows. Nothing was
// sent to the account. Every problem is listed, with the input schema received.
type SchemaMismatchError struct {
	Problems []SchemaProblem
}

// SchemaProblem is one disagreement between a tool's live schema and the mapping.
type SchemaProblem struct {
	Tool     string
	Property string // "" when the whole tool is the problem
	Problem  string
	// InputSchema is the tool's inputSchema as received, indented ("" when the tool is missing).
	InputSchema string
}

func (e *SchemaMismatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s does not offer the tools this provider knows, so nothing was sent to the account "+
		"(%d problem(s)). The tools' schemas are not published and may have changed: upgrade the provider, "+
		"or report this with the output of `appsintoss tools`.", Road, len(e.Problems))
	for i, p := range e.Problems {
		if p.Property == "" {
			fmt.Fprintf(&b, "\n- tool %s: %s", p.Tool, p.Problem)
		} else {
			fmt.Fprintf(&b, "\n- tool %s, property %q: %s", p.Tool, p.Property, p.Problem)
		}
		lastOfTool := i+1 == len(e.Problems) || e.Problems[i+1].Tool != p.Tool
		if lastOfTool && p.InputSchema != "" {
			fmt.Fprintf(&b, "\n  inputSchema of %s received:\n%s", p.Tool, indent(p.InputSchema, "    "))
		}
	}
	return b.String()
}

// UsedTools is the names of every tool the provider calls, sorted.
func UsedTools() []string {
	names := make([]string, 0, len(toolMappings))
	for name := range toolMappings {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// CheckTools holds the gateway's tools/list against the mapping. It returns a *SchemaMismatchError
// listing every problem when a tool is missing, when a tool requires a property the provider has
// no value for, when a value the provider must send has no property, or when a property's declared
// type cannot carry the value. Optional properties the mapping does not know are left out of
// every call.
func CheckTools(tools []*mcp.Tool) (*Toolset, error) {
	listed := make(map[string]*mcp.Tool, len(tools))
	for _, t := range tools {
		if t != nil {
			listed[t.Name] = t
		}
	}
	set := &Toolset{tools: make(map[string]*boundTool, len(toolMappings))}
	var problems []SchemaProblem
	for _, name := range UsedTools() {
		tool, ok := listed[name]
		if !ok {
			problems = append(problems, SchemaProblem{Tool: name,
				Problem: fmt.Sprintf("missing from the gateway's tools/list (it listed %d tools)", len(listed))})
			continue
		}
		bound, toolProblems := bindTool(name, toolMappings[name], tool.InputSchema)
		problems = append(problems, toolProblems...)
		set.tools[name] = bound
	}
	if len(problems) > 0 {
		return nil, &SchemaMismatchError{Problems: problems}
	}
	return set, nil
}

func bindTool(name string, m toolMapping, inputSchema any) (*boundTool, []SchemaProblem) {
	text, err := json.MarshalIndent(inputSchema, "", "  ")
	if err != nil {
		return nil, []SchemaProblem{{Tool: name, Problem: fmt.Sprintf("its inputSchema is not JSON: %v", err)}}
	}
	var schema schemaNode
	if err := json.Unmarshal(text, &schema); err != nil || inputSchema == nil {
		return nil, []SchemaProblem{{Tool: name, Problem: "its inputSchema is not a JSON Schema object",
			InputSchema: string(text)}}
	}
	tool := &boundTool{name: name, mapping: m, schemaText: string(text)}
	var problems []propertyProblem
	tool.args, problems = bindArguments(m.args, &schema, "")
	out := make([]SchemaProblem, 0, len(problems))
	for _, p := range problems {
		out = append(out, SchemaProblem{Tool: name, Property: p.property, Problem: p.problem, InputSchema: tool.schemaText})
	}
	return tool, out
}

// propertyProblem is a problem with one property; nested properties carry their path
// (discountPolicies[].type).
type propertyProblem struct {
	property string
	problem  string
}

// bindArguments finds each argument's property in an object schema.
func bindArguments(args []argument, object *schemaNode, prefix string) ([]boundArgument, []propertyProblem) {
	var problems []propertyProblem
	problem := func(property, format string, a ...any) {
		problems = append(problems, propertyProblem{property: prefix + property, problem: fmt.Sprintf(format, a...)})
	}
	bound := make([]boundArgument, 0, len(args))
	filled := map[string]bool{}
	for _, arg := range args {
		b := boundArgument{argument: arg}
		for _, candidate := range arg.names {
			if prop, ok := object.Properties[candidate]; ok && prop != nil {
				b.property, b.schema = candidate, prop
				break
			}
		}
		if b.property == "" {
			if arg.need == mustSend {
				problem(arg.names[0], "the provider must send %s here, but the tool has no property for it (looked for %s)",
					arg.field, quoteAll(arg.names))
			}
			bound = append(bound, b)
			continue
		}
		filled[b.property] = true
		b.required = slices.Contains(object.Required, b.property)
		if !typeCarries(b.schema.types(), arg.kind) {
			problem(b.property, "declared type %s cannot carry %s (%s)", describeTypes(b.schema.types()), arg.field,
				kindName(arg.kind))
		}
		if arg.kind == kindObjects {
			if b.schema.Items == nil || len(b.schema.Items.Properties) == 0 {
				problem(b.property, "declares no item properties, so %s cannot be mapped", arg.field)
			} else {
				var nested []propertyProblem
				b.items, nested = bindArguments(arg.items, b.schema.Items, prefix+b.property+"[].")
				problems = append(problems, nested...)
			}
		}
		bound = append(bound, b)
	}
	for _, required := range object.Required {
		if !filled[required] {
			problem(required, "required by the tool, but the provider has no value for it (it knows %s)",
				knownFields(args))
		}
	}
	return bound, problems
}

// typeCarries reports whether a property declared with these JSON types takes a value of kind k.
// Ids may be declared integer or string: the call converts ours to the declared one.
func typeCarries(declared []string, k kind) bool {
	if len(declared) == 0 {
		return true // no type declared: any JSON value
	}
	accepted := map[kind][]string{
		kindString:  {"string"},
		kindInteger: {"integer", "number"},
		kindBoolean: {"boolean"},
		kindID:      {"integer", "string"},
		kindObjects: {"array"},
	}[k]
	for _, t := range declared {
		if slices.Contains(accepted, t) {
			return true
		}
	}
	return false
}

func kindName(k kind) string {
	switch k {
	case kindString:
		return "a string"
	case kindInteger:
		return "an integer"
	case kindBoolean:
		return "a boolean"
	case kindID:
		return "an id, integer or string"
	case kindObjects:
		return "an array of objects"
	}
	return "an unknown kind"
}

func describeTypes(types []string) string {
	return strings.Join(types, " or ")
}

func knownFields(args []argument) string {
	if len(args) == 0 {
		return "no values for this tool"
	}
	fields := make([]string, len(args))
	for i, a := range args {
		fields[i] = a.field
	}
	return strings.Join(fields, ", ")
}

func indent(text, prefix string) string {
	return prefix + strings.ReplaceAll(text, "\n", "\n"+prefix)
}

// tool returns a checked tool. Every tool the mapping names was checked, so a miss is a bug in
// this package, reported as an error rather than a panic.
func (s *Toolset) tool(name string) (*boundTool, error) {
	t, ok := s.tools[name]
	if !ok {
		return nil, fmt.Errorf("%s: tool %s was not checked against tools/list (a bug in the provider)", Road, name)
	}
	return t, nil
}
