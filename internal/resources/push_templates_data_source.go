package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*pushTemplatesDataSource)(nil)

// NewPushTemplatesDataSource lists the push templates of the catalog, optionally by review state.
func NewPushTemplatesDataSource() datasource.DataSource {
	return &pushTemplatesDataSource{}
}

type pushTemplatesDataSource struct {
	catalog client.Catalog
}

type pushTemplatesModel struct {
	ReviewStatus types.String `tfsdk:"review_status"`
	Templates    types.List   `tfsdk:"templates"`
}

// reviewStatusFilter is the optional review_status argument of the list data sources.
func reviewStatusFilter() schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: "Only entries in this review state: `IN_REVIEW`, `APPROVED` or `REJECTED`. Default: all.",
		Validators: []validator.String{stringvalidator.OneOf(client.ReviewInReview, client.ReviewApproved,
			client.ReviewRejected)},
	}
}

// matches is true when the filter is unset or equals value.
func matches(filter types.String, value string) bool {
	return filter.IsNull() || filter.ValueString() == value
}

func (d *pushTemplatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_push_templates"
}

func (d *pushTemplatesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the push (smart message) templates of the mini-app's catalog, in the " +
			"server's order, optionally only those in one review state.",
		Attributes: map[string]schema.Attribute{
			"review_status": reviewStatusFilter(),
			"templates": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching templates (an empty list when none match).",
				NestedObject:        schema.NestedAttributeObject{Attributes: pushTemplateComputedAttributes()},
			},
		},
	}
}

func (d *pushTemplatesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.catalog = sharedCatalog(req.ProviderData, &resp.Diagnostics)
}

func (d *pushTemplatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !catalogConfigured(d.catalog, &resp.Diagnostics) {
		return
	}
	var data pushTemplatesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := d.catalog.ListPushTemplates(ctx)
	if err != nil {
		catalogListError(&resp.Diagnostics, "push templates", err)
		return
	}
	values := make([]pushTemplateValues, 0, len(all))
	for _, t := range all {
		if matches(data.ReviewStatus, t.ReviewStatus) {
			values = append(values, pushTemplateValuesOf(t))
		}
	}
	list, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: objectAttrTypes(pushTemplateComputedAttributes())}, values)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data.Templates = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// objectAttrTypes is the object type of a nested list element, derived from its attributes so
// that the schema stays the one place the shape is written.
func objectAttrTypes(attrs map[string]schema.Attribute) map[string]attr.Type {
	out := make(map[string]attr.Type, len(attrs))
	for name, a := range attrs {
		out[name] = a.GetType()
	}
	return out
}
