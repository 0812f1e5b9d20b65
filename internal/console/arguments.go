package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Building a call's arguments from the mapping and a checked tool. Nothing is guessed: a value
// goes to the property the check bound it to, converted to the type that property declares; a set
// value with no property refuses the call (ArgumentNotAcceptedError); an unset optional one is
// left out.

// callValues is everything a call's arguments can be drawn from (see origin in mapping.go).
type callValues struct {
	identity Identity
	id       string
	input    map[string]any // the client.*Input as contract JSON
	call     map[string]any // what the operation decides: status, page, size
}

// contractJSON is v (a client.*Input) as the catalog contract's JSON object: the names the
// mapping's input sources use. Numbers stay json.Number, so no integer is rounded.
func contractJSON(v any) (map[string]any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out map[string]any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return out, nil
}

// arguments builds the tool's arguments.
func (t *boundTool) arguments(v callValues) (map[string]any, error) {
	return t.object(t.args, v, "")
}

func (t *boundTool) object(args []boundArgument, v callValues, prefix string) (map[string]any, error) {
	out := make(map[string]any, len(args))
	for _, arg := range args {
		value := v.lookup(arg.from)
		if !isSet(value) && arg.absent != nil {
			value = arg.absent
		}
		if arg.property == "" {
			if arg.need == sendIfSet && isSet(value) {
				return nil, &ArgumentNotAcceptedError{Tool: t.name, Field: prefix + arg.field, Tried: arg.names}
			}
			if arg.need == mustSend {
				return nil, fmt.Errorf("%s: tool %s has no property for %s (a bug: the check lets no such tool through)",
					Road, t.name, arg.field)
			}
			continue
		}
		if !t.sends(arg, value) {
			continue
		}
		converted, err := t.convert(arg, value, v, prefix)
		if err != nil {
			return nil, err
		}
		out[arg.property] = converted
	}
	return out, nil
}

// sends decides whether a bound argument goes into the call. Booleans always do: an update is a
// full replacement, so false must reach the tool to clear a true.
func (t *boundTool) sends(arg boundArgument, value any) bool {
	return arg.need == mustSend || arg.required || arg.kind == kindBoolean || isSet(value)
}

func (v callValues) lookup(s source) any {
	switch s.origin {
	case fromIdentity:
		switch s.key {
		case "workspaceId":
			return v.identity.WorkspaceID
		case "miniAppId":
			return v.identity.MiniAppID
		}
	case fromID:
		return v.id
	case fromInput:
		return v.input[s.key]
	case fromCall:
		return v.call[s.key]
	case fromConstant:
		return s.value
	}
	return nil
}

// isSet reports whether a value carries something. The contract's JSON leaves out unset optional
// fields; what remains unset is the empty string, false, and an empty array.
func isSet(value any) bool {
	switch x := value.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case bool:
		return x
	case []any:
		return len(x) > 0
	}
	return true
}

// convert turns our value into what the bound property declares.
func (t *boundTool) convert(arg boundArgument, value any, v callValues, prefix string) (any, error) {
	field := prefix + arg.field
	switch arg.kind {
	case kindString:
		s, _ := value.(string)
		return s, t.checkEnum(arg, s, field)
	case kindBoolean:
		b, _ := value.(bool)
		return b, nil
	case kindInteger:
		return wholeNumber(t.name, field, value)
	case kindID:
		id, _ := value.(string)
		return t.convertID(arg, id, field)
	case kindObjects:
		elements, _ := value.([]any)
		out := make([]any, 0, len(elements))
		for i, e := range elements {
			element, ok := e.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s: tool %s: %s[%d] is not an object", Road, t.name, field, i)
			}
			built, err := t.object(arg.items, callValues{identity: v.identity, input: element},
				fmt.Sprintf("%s[%d].", field, i))
			if err != nil {
				return nil, err
			}
			out = append(out, built)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: tool %s: %s has no known kind (a bug in the mapping)", Road, t.name, field)
}

func wholeNumber(tool, field string, value any) (int64, error) {
	switch x := value.(type) {
	case nil:
		return 0, nil
	case json.Number:
		n, err := x.Int64()
		if err != nil {
			return 0, fmt.Errorf("%s: tool %s: %s is not a whole number", Road, tool, field)
		}
		return n, nil
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	}
	return 0, fmt.Errorf("%s: tool %s: %s is not a number", Road, tool, field)
}

// convertID sends our string id as the declared type: an integer property gets the number (an id
// that is not one cannot name anything there, so nothing is sent).
func (t *boundTool) convertID(arg boundArgument, id, field string) (any, error) {
	if id == "" {
		return nil, fmt.Errorf("%s: tool %s: %s is empty; nothing was sent", Road, t.name, field)
	}
	declared := arg.schema.types()
	if len(declared) == 0 || slices.Contains(declared, "string") {
		return id, nil
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, &InvalidIDError{Tool: t.name, Field: field, ID: id}
	}
	return n, nil
}

// checkEnum refuses a string the property's enum does not list: the gateway would refuse it too,
// after the call was spent, and for a status it means the mapping is out of date.
func (t *boundTool) checkEnum(arg boundArgument, value, field string) error {
	if len(arg.schema.Enum) == 0 {
		return nil
	}
	allowed := make([]string, 0, len(arg.schema.Enum))
	for _, e := range arg.schema.Enum {
		if s, ok := e.(string); ok {
			if s == value {
				return nil
			}
			allowed = append(allowed, s)
		}
	}
	return fmt.Errorf("%s: tool %s does not accept %q for %s (property %q allows %s); nothing was sent",
		Road, t.name, value, field, arg.property, strings.Join(allowed, ", "))
}

// InvalidIDError is an id that cannot name an object of this tool: the tool declares an integer
// id and ours is not one (e.g. an import id typed by hand). Nothing was sent.
type InvalidIDError struct {
	Tool  string
	Field string
	ID    string
}

func (e *InvalidIDError) Error() string {
	return fmt.Sprintf("%q is not a valid %s: %s takes whole numbers there (tool %s); nothing was sent",
		e.ID, e.Field, Road, e.Tool)
}
