package provider_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/provider"
)

// schemas returns every schema the provider serves, keyed by "provider", a resource type, a data
// source type ("data.<type>") or an ephemeral resource type ("ephemeral.<type>"), as Terraform
// sees them over the protocol.
func schemas(t *testing.T) map[string]*tfprotov6.Schema {
	t.Helper()
	server := providerserver.NewProtocol6(provider.New("test")())()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Fatalf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	all := map[string]*tfprotov6.Schema{"provider": resp.Provider}
	for name, s := range resp.ResourceSchemas {
		all[name] = s
	}
	for name, s := range resp.DataSourceSchemas {
		all["data."+name] = s
	}
	for name, s := range resp.EphemeralResourceSchemas {
		all["ephemeral."+name] = s
	}
	return all
}

// walk visits every attribute, nested ones included, with its dotted path.
func walk(prefix string, attrs []*tfprotov6.SchemaAttribute, visit func(path string, a *tfprotov6.SchemaAttribute)) {
	for _, a := range attrs {
		path := prefix + a.Name
		visit(path, a)
		if a.NestedType != nil {
			walk(path+".", a.NestedType.Attributes, visit)
		}
	}
}

var (
	// Credentials: tokens, private keys, decryption material. Identifiers that merely end in
	// "key" (user_key) are not secrets and must stay visible.
	secretName = regexp.MustCompile(`(^|_)(token|aad)$|(^|_)key$`)
	notSecret  = map[string]bool{"user_key": true}
	// Personal data of a Toss login user (reference §2.4), wherever a login schema carries it.
	personalName = regexp.MustCompile(`^(name|phone|email|gender|birthday|nationality|ci|di|calling_code)$`)
	loginSchema  = regexp.MustCompile(`login`)
)

func TestEverySecretOrPersonalAttributeIsSensitive(t *testing.T) {
	checked := 0
	for schemaName, s := range schemas(t) {
		walk("", s.Block.Attributes, func(path string, a *tfprotov6.SchemaAttribute) {
			mustHide := (secretName.MatchString(a.Name) && !notSecret[a.Name]) ||
				(loginSchema.MatchString(schemaName) && personalName.MatchString(a.Name))
			if mustHide {
				checked++
				if !a.Sensitive && !a.WriteOnly {
					t.Errorf("%s: %s carries a secret or personal data but is not sensitive", schemaName, path)
				}
			}
			if notSecret[a.Name] && a.Sensitive {
				t.Errorf("%s: %s is an identifier people need in outputs; it must not be sensitive", schemaName, path)
			}
		})
	}
	if checked < 10 {
		t.Fatalf("only %d secret or personal attributes found: the walk is broken or the schemas are missing", checked)
	}
}

func TestEveryAttributeIsDescribed(t *testing.T) {
	for schemaName, s := range schemas(t) {
		if s.Block.Description == "" {
			t.Errorf("%s has no description", schemaName)
		}
		walk("", s.Block.Attributes, func(path string, a *tfprotov6.SchemaAttribute) {
			if len(a.Description) < 10 {
				t.Errorf("%s: %s has no real description (%q)", schemaName, path, a.Description)
			}
		})
	}
}
