package emulator

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
)

// The seed file's schema is api/seed.schema.json, the single written form of the format: a file
// is checked against it before it is read, so the schema cannot drift from what is accepted.
var (
	seedSchemaOnce sync.Once
	seedSchema     *jsonschema.Schema
	errSeedSchema  error
)

const seedSchemaURL = "https://github.com/appsintoss-terraform/terraform-provider-appsintoss/api/seed.schema.json"

func compiledSeedSchema() (*jsonschema.Schema, error) {
	seedSchemaOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(api.SeedSchema))
		if err != nil {
			errSeedSchema = fmt.Errorf("api/seed.schema.json: %w", err)
			return
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource(seedSchemaURL, doc); err != nil {
			errSeedSchema = fmt.Errorf("api/seed.schema.json: %w", err)
			return
		}
		seedSchema, errSeedSchema = c.Compile(seedSchemaURL)
	})
	return seedSchema, errSeedSchema
}

// validateSeed checks a seed file's bytes against the schema. Each problem is reported at the
// JSON path of the value that causes it ("/users/1/gender: value must be one of …").
func validateSeed(data []byte) error {
	schema, err := compiledSeedSchema()
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not valid JSON: %w", err)
	}
	err = schema.Validate(doc)
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	problems := map[string]bool{}
	collectSeedProblems(verr, message.NewPrinter(language.English), problems)
	list := make([]string, 0, len(problems))
	for p := range problems {
		list = append(list, p)
	}
	sort.Strings(list)
	return fmt.Errorf("does not match api/seed.schema.json:\n  %s", strings.Join(list, "\n  "))
}

// collectSeedProblems keeps the leaves of the error tree: the specific failures, not the
// "allOf failed" summaries above them.
func collectSeedProblems(e *jsonschema.ValidationError, p *message.Printer, into map[string]bool) {
	if len(e.Causes) == 0 {
		into[jsonPointer(e.InstanceLocation)+": "+e.ErrorKind.LocalizedString(p)] = true
		return
	}
	for _, cause := range e.Causes {
		collectSeedProblems(cause, p, into)
	}
}

func jsonPointer(location []string) string {
	if len(location) == 0 {
		return "(top level)"
	}
	var sb strings.Builder
	for _, part := range location {
		sb.WriteString("/")
		sb.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(part))
	}
	return sb.String()
}
