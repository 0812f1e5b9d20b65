package resources_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/resources"
)

// The docs are generated from the schema: every attribute of the catalog resources, nested ones
// and the timeouts block included, must describe itself, and the schemas must be valid.
func TestCatalogResourceSchemasDescribeEveryAttribute(t *testing.T) {
	ctx := context.Background()
	for _, newResource := range []func() resource.Resource{
		resources.NewPushTemplateResource, resources.NewPromotionResource, resources.NewIAPProductResource,
	} {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "appsintoss"}, &meta)
		var resp resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &resp)
		if diags := resp.Schema.ValidateImplementation(ctx); diags.HasError() {
			t.Errorf("%s: invalid schema: %v", meta.TypeName, diags)
		}
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no description", meta.TypeName)
		}
		checkDescribed(t, meta.TypeName, resp.Schema.Attributes, resp.Schema.Blocks)
	}
}

func checkDescribed(t *testing.T, prefix string, attrs map[string]schema.Attribute, blocks map[string]schema.Block) {
	t.Helper()
	for name, a := range attrs {
		if a.GetMarkdownDescription() == "" && a.GetDescription() == "" {
			t.Errorf("%s.%s has no description", prefix, name)
		}
		if nested, ok := a.(schema.ListNestedAttribute); ok {
			checkDescribed(t, prefix+"."+name, nested.NestedObject.Attributes, nil)
		}
	}
	for name, b := range blocks {
		if b.GetMarkdownDescription() == "" {
			t.Errorf("%s.%s block has no description", prefix, name)
		}
		if single, ok := b.(schema.SingleNestedBlock); ok {
			checkDescribed(t, prefix+"."+name, single.Attributes, nil)
		}
	}
}
