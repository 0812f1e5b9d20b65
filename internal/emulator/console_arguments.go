package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Tool arguments are checked against the tool's inputSchema from api/console-tools.json before
// anything runs, and more strictly than JSON Schema's defaults: a property the schema does not
// name is refused (naming it) even where the schema leaves additionalProperties open, so that a
// provider-side mapping mistake surfaces in tests instead of being ignored. The checker knows the
// keywords the file uses; a schema with any other keyword fails to load rather than being
// half-enforced.

// argSchema is one compiled (sub)schema.
type argSchema struct {
	types      []string // JSON Schema type names; empty = any
	properties map[string]*argSchema
	required   []string
	items      *argSchema
	enum       []any
	pattern    *regexp.Regexp
	maxLength  *int64
	minimum    *int64
	maximum    *int64
	multipleOf *int64
}

// argKeywords are the keywords compileArgSchema enforces (description is documentation).
var argKeywords = []string{"type", "properties", "required", "items", "enum", "pattern", "maxLength",
	"minimum", "maximum", "multipleOf", "description", "additionalProperties"}

func compileArgSchema(raw json.RawMessage) (*argSchema, error) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	return compileArgNode("", doc)
}

func compileArgNode(at string, doc map[string]any) (*argSchema, error) {
	s := &argSchema{}
	for keyword, value := range doc {
		if !slices.Contains(argKeywords, keyword) {
			return nil, fmt.Errorf("%s: keyword %q is not enforced by the emulator's argument checker", orRoot(at), keyword)
		}
		var err error
		switch keyword {
		case "type":
			s.types, err = stringOrStrings(value)
		case "properties":
			err = s.compileProperties(at, value)
		case "required":
			s.required, err = stringOrStrings(value)
		case "items":
			sub, ok := value.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s: items must be a schema object", orRoot(at))
			}
			s.items, err = compileArgNode(at+"[]", sub)
		case "enum":
			s.enum, _ = value.([]any)
		case "pattern":
			p, _ := value.(string)
			s.pattern, err = regexp.Compile(p)
		case "maxLength":
			s.maxLength, err = schemaInt(value)
		case "minimum":
			s.minimum, err = schemaInt(value)
		case "maximum":
			s.maximum, err = schemaInt(value)
		case "multipleOf":
			s.multipleOf, err = schemaInt(value)
		case "additionalProperties":
			if value != false {
				err = fmt.Errorf("only additionalProperties: false is supported")
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", orRoot(at), keyword, err)
		}
	}
	return s, nil
}

func (s *argSchema) compileProperties(at string, value any) error {
	props, ok := value.(map[string]any)
	if !ok {
		return fmt.Errorf("properties must be an object")
	}
	s.properties = map[string]*argSchema{}
	for name, p := range props {
		sub, ok := p.(map[string]any)
		if !ok {
			return fmt.Errorf("property %q must be a schema object", name)
		}
		compiled, err := compileArgNode(joinField(at, name), sub)
		if err != nil {
			return err
		}
		s.properties[name] = compiled
	}
	return nil
}

func stringOrStrings(v any) ([]string, error) {
	switch x := v.(type) {
	case string:
		return []string{x}, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, item := range x {
			s, ok := item.(string)
			if !ok {
				return nil, fmt.Errorf("want strings, got %v", item)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a string or an array of strings, got %v", v)
}

func schemaInt(v any) (*int64, error) {
	n, ok := v.(json.Number)
	if !ok {
		return nil, fmt.Errorf("want a number, got %v", v)
	}
	i, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("only integer bounds are supported, got %s", n)
	}
	return &i, nil
}

// check decodes a tools/call's arguments (absent = {}) and validates them. The answer keeps
// numbers as json.Number, so that re-encoding them for the catalog handlers is exact.
func (s *argSchema) check(raw json.RawMessage) (map[string]any, *apiError) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		raw = json.RawMessage("{}")
	}
	var args any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&args); err != nil {
		return nil, invalidParameter("arguments", "arguments가 올바른 JSON이 아니에요.")
	}
	obj, ok := args.(map[string]any)
	if !ok {
		return nil, invalidParameter("arguments", "arguments는 JSON 객체여야 해요.")
	}
	if err := s.validate("", obj); err != nil {
		return nil, err
	}
	return obj, nil
}

func (s *argSchema) validate(at string, v any) *apiError {
	if len(s.types) > 0 && !slices.ContainsFunc(s.types, func(t string) bool { return hasJSONType(v, t) }) {
		return invalidParameter(orRoot(at), fmt.Sprintf("%s 값은 %s 형식이어야 해요.", orRoot(at), koreanTypeNames(s.types)))
	}
	if len(s.enum) > 0 && !slices.ContainsFunc(s.enum, func(e any) bool { return sameJSONValue(e, v) }) {
		return invalidParameter(orRoot(at), fmt.Sprintf("%s 값은 %s 중 하나여야 해요.", orRoot(at), joinValues(s.enum)))
	}
	switch x := v.(type) {
	case map[string]any:
		return s.validateObject(at, x)
	case []any:
		if s.items != nil {
			for i, item := range x {
				if err := s.items.validate(fmt.Sprintf("%s[%d]", at, i), item); err != nil {
					return err
				}
			}
		}
	case string:
		return s.validateString(at, x)
	case json.Number:
		return s.validateInteger(at, x)
	}
	return nil
}

func (s *argSchema) validateObject(at string, obj map[string]any) *apiError {
	names := slices.Sorted(maps.Keys(obj))
	for _, name := range names {
		if _, known := s.properties[name]; !known {
			field := joinField(at, name)
			return invalidParameter(field, fmt.Sprintf("알 수 없는 인자 %s 예요. 이 도구가 받는 인자: %s.", field, s.propertyList()))
		}
	}
	for _, name := range s.required {
		if _, ok := obj[name]; !ok {
			field := joinField(at, name)
			return invalidParameter(field, field+" 값이 필요해요.")
		}
	}
	for _, name := range names {
		if err := s.properties[name].validate(joinField(at, name), obj[name]); err != nil {
			return err
		}
	}
	return nil
}

func (s *argSchema) validateString(at, v string) *apiError {
	if s.maxLength != nil && int64(utf8.RuneCountInString(v)) > *s.maxLength {
		return invalidParameter(at, fmt.Sprintf("%s 값은 %d자 이내로 써 주세요.", at, *s.maxLength))
	}
	if s.pattern != nil && !s.pattern.MatchString(v) {
		return invalidParameter(at, fmt.Sprintf("%s 값이 형식 %s 에 맞지 않아요.", at, s.pattern))
	}
	return nil
}

func (s *argSchema) validateInteger(at string, n json.Number) *apiError {
	// Bounds are integers (compileArgNode refuses others); a non-integer value, where the schema
	// allows "number", is compared as a float64.
	value, err := n.Float64()
	if i, isInt := integerValue(n); isInt {
		value, err = float64(i), nil
	}
	if err != nil {
		return invalidParameter(at, at+" 값이 올바른 숫자가 아니에요.")
	}
	switch {
	case s.minimum != nil && value < float64(*s.minimum):
		return invalidParameter(at, fmt.Sprintf("%s 값은 %d 이상이어야 해요.", at, *s.minimum))
	case s.maximum != nil && value > float64(*s.maximum):
		return invalidParameter(at, fmt.Sprintf("%s 값은 %d 이하여야 해요.", at, *s.maximum))
	case s.multipleOf != nil && *s.multipleOf != 0 && math.Mod(value, float64(*s.multipleOf)) != 0:
		return invalidParameter(at, fmt.Sprintf("%s 값은 %d의 배수여야 해요.", at, *s.multipleOf))
	}
	return nil
}

func (s *argSchema) propertyList() string {
	if len(s.properties) == 0 {
		return "없음"
	}
	return strings.Join(slices.Sorted(maps.Keys(s.properties)), ", ")
}

// hasJSONType is JSON Schema's type test; "integer" means an integer literal (no fraction, no
// exponent), which is what the catalog handlers decode.
func hasJSONType(v any, typ string) bool {
	switch typ {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, isInt := integerValue(n)
		return isInt
	}
	return false
}

// integerValue is n as an int64 when it is written as an integer literal.
func integerValue(n json.Number) (int64, bool) {
	i, err := strconv.ParseInt(n.String(), 10, 64)
	return i, err == nil
}

// sameJSONValue compares an enum entry (a string, number, boolean or null in the schemas) with
// an argument of any JSON kind.
func sameJSONValue(want, got any) bool {
	switch w := want.(type) {
	case string:
		g, ok := got.(string)
		return ok && w == g
	case json.Number:
		g, ok := got.(json.Number)
		return ok && w.String() == g.String()
	case bool:
		g, ok := got.(bool)
		return ok && w == g
	case nil:
		return got == nil
	}
	return false
}

func koreanTypeNames(types []string) string {
	names := map[string]string{"object": "객체", "array": "배열", "string": "문자열", "boolean": "불리언(true/false)",
		"null": "null", "number": "숫자", "integer": "정수"}
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = names[t]
	}
	return strings.Join(out, " 또는 ")
}

func joinValues(values []any) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprint(v)
	}
	return strings.Join(out, ", ")
}

func joinField(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

func orRoot(at string) string {
	if at == "" {
		return "arguments"
	}
	return at
}
