package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Reading tool answers with the mapping: each field of a client type is looked for at its
// candidate paths, converted to the kind the client type holds, status values translated (an
// unknown one is an error, never a guess), and the result — now in the catalog contract's JSON
// shape — decoded into the client type.

// parseAnswer decodes a tool's JSON answer into an object, keeping numbers exact.
func parseAnswer(tool string, raw json.RawMessage) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, &UnexpectedAnswerError{Tool: tool, Problem: "the answer is not JSON"}
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, &UnexpectedAnswerError{Tool: tool, Problem: fmt.Sprintf("the answer is %s, not an object", jsonKind(v))}
	}
	return obj, nil
}

// decodeInto reads one object with fields and decodes it into out (a pointer to a client type).
func decodeInto(tool string, fields []answerField, obj map[string]any, out any) error {
	normal, err := normalize(tool, fields, obj, "")
	if err != nil {
		return err
	}
	data, err := json.Marshal(normal)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	// A mapped name the client type does not have is a bug in the mapping: fail loudly.
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%s: tool %s: the mapping does not fit %T (a bug in the provider): %w", Road, tool, out, err)
	}
	return nil
}

// decodeList is decodeInto for every element of a list.
func decodeList[T any](tool string, fields []answerField, elements []map[string]any) ([]T, error) {
	out := make([]T, 0, len(elements))
	for _, e := range elements {
		var item T
		if err := decodeInto(tool, fields, e, &item); err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}

// listElements returns the objects of a list answer, and its page count when it is paged (1
// when it does not say).
func listElements(tool string, shape answerShape, obj map[string]any) ([]map[string]any, int64, error) {
	raw, ok := obj[shape.list]
	if !ok || raw == nil {
		return nil, 0, &UnexpectedAnswerError{Tool: tool, Field: shape.list, Problem: "missing from the answer"}
	}
	array, ok := raw.([]any)
	if !ok {
		return nil, 0, &UnexpectedAnswerError{Tool: tool, Field: shape.list,
			Problem: fmt.Sprintf("want an array, got %s", jsonKind(raw))}
	}
	elements := make([]map[string]any, 0, len(array))
	for i, e := range array {
		element, ok := e.(map[string]any)
		if !ok {
			return nil, 0, &UnexpectedAnswerError{Tool: tool, Field: fmt.Sprintf("%s[%d]", shape.list, i),
				Problem: fmt.Sprintf("want an object, got %s", jsonKind(e))}
		}
		elements = append(elements, element)
	}
	pages := int64(1)
	if shape.paged {
		if total, ok := lookupPath(obj, pageTotalPath); ok {
			n, err := answerInteger(total)
			if err != nil {
				return nil, 0, &UnexpectedAnswerError{Tool: tool, Field: pageTotalPath, Problem: err.Error()}
			}
			pages = n
		}
	}
	return elements, pages, nil
}

// normalize builds the contract-shaped object for fields from an answer object.
func normalize(tool string, fields []answerField, obj map[string]any, prefix string) (map[string]any, error) {
	out := make(map[string]any, len(fields))
	for _, f := range fields {
		name := prefix + f.field
		raw, found := firstPath(obj, f.paths)
		if !found && f.whenAbsent != nil {
			raw, found = f.whenAbsent(obj)
		}
		if !found {
			if f.required {
				return nil, &UnexpectedAnswerError{Tool: tool, Field: name,
					Problem: fmt.Sprintf("missing (looked for %s)", quoteAll(f.paths))}
			}
			continue
		}
		value, err := convertAnswer(tool, f, raw, name)
		if err != nil {
			return nil, err
		}
		out[f.field] = value
	}
	return out, nil
}

func convertAnswer(tool string, f answerField, raw any, name string) (any, error) {
	wrongType := func(want string) error {
		return &UnexpectedAnswerError{Tool: tool, Field: name, Problem: fmt.Sprintf("want %s, got %s", want, jsonKind(raw))}
	}
	switch f.kind {
	case kindString:
		s, ok := raw.(string)
		if !ok {
			return nil, wrongType("a string")
		}
		if f.statuses != nil {
			ours, known := f.statuses[s]
			if !known {
				return nil, &UnexpectedAnswerError{Tool: tool, Field: name,
					Problem: fmt.Sprintf("unknown value %q (the provider knows %s)", s, knownValues(f.statuses))}
			}
			return ours, nil
		}
		return s, nil
	case kindBoolean:
		b, ok := raw.(bool)
		if !ok {
			return nil, wrongType("a boolean")
		}
		return b, nil
	case kindInteger:
		n, err := answerInteger(raw)
		if err != nil {
			return nil, &UnexpectedAnswerError{Tool: tool, Field: name, Problem: err.Error()}
		}
		return n, nil
	case kindID:
		switch x := raw.(type) {
		case string:
			return x, nil
		case json.Number:
			if _, err := x.Int64(); err != nil {
				return nil, wrongType("an integer or a string")
			}
			return x.String(), nil
		}
		return nil, wrongType("an integer or a string")
	case kindObjects:
		array, ok := raw.([]any)
		if !ok {
			return nil, wrongType("an array")
		}
		out := make([]any, 0, len(array))
		for i, e := range array {
			element, ok := e.(map[string]any)
			if !ok {
				return nil, &UnexpectedAnswerError{Tool: tool, Field: fmt.Sprintf("%s[%d]", name, i),
					Problem: fmt.Sprintf("want an object, got %s", jsonKind(e))}
			}
			normal, err := normalize(tool, f.items, element, fmt.Sprintf("%s[%d].", name, i))
			if err != nil {
				return nil, err
			}
			out = append(out, normal)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: tool %s: %s has no known kind (a bug in the mapping)", Road, tool, name)
}

func answerInteger(raw any) (int64, error) {
	n, ok := raw.(json.Number)
	if !ok {
		return 0, fmt.Errorf("want an integer, got %s", jsonKind(raw))
	}
	i, err := n.Int64()
	if err != nil {
		return 0, fmt.Errorf("want an integer, got %s", n.String())
	}
	return i, nil
}

// firstPath returns the value at the first path the object has (a JSON null counts as absent).
func firstPath(obj map[string]any, paths []string) (any, bool) {
	for _, p := range paths {
		if v, ok := lookupPath(obj, p); ok {
			return v, true
		}
	}
	return nil, false
}

func lookupPath(obj map[string]any, path string) (any, bool) {
	var current any = obj
	for _, step := range strings.Split(path, ".") {
		m, ok := current.(map[string]any)
		if !ok {
			return nil, false
		}
		current, ok = m[step]
		if !ok || current == nil {
			return nil, false
		}
	}
	return current, true
}

func knownValues(statuses map[string]string) string {
	keys := make([]string, 0, len(statuses))
	for k := range statuses {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// jsonKind names a decoded JSON value's type without quoting it (it may be a secret).
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number, float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
