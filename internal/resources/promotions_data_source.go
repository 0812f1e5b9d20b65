package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*promotionsDataSource)(nil)

// NewPromotionsDataSource lists the promotions of the catalog, optionally by review state and
// status.
func NewPromotionsDataSource() datasource.DataSource {
	return &promotionsDataSource{}
}

type promotionsDataSource struct {
	catalog client.Catalog
}

type promotionsModel struct {
	ReviewStatus types.String `tfsdk:"review_status"`
	Status       types.String `tfsdk:"status"`
	Promotions   types.List   `tfsdk:"promotions"`
}

func (d *promotionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_promotions"
}

func (d *promotionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the promotions (Toss points campaigns) of the mini-app's catalog, ended ones " +
			"included, in the server's order; optionally only those in one review state and/or status.",
		Attributes: map[string]schema.Attribute{
			"review_status": reviewStatusFilter(),
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only promotions in this status: `READY`, `RUNNING`, `STOPPED` or `ENDED`. Default: all.",
				Validators: []validator.String{stringvalidator.OneOf(client.PromotionReady, client.PromotionRunning,
					client.PromotionStopped, client.PromotionEnded)},
			},
			"promotions": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching promotions (an empty list when none match).",
				NestedObject:        schema.NestedAttributeObject{Attributes: promotionComputedAttributes()},
			},
		},
	}
}

func (d *promotionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.catalog = sharedCatalog(req.ProviderData, &resp.Diagnostics)
}

func (d *promotionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !catalogConfigured(d.catalog, &resp.Diagnostics) {
		return
	}
	var data promotionsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := d.catalog.ListPromotions(ctx)
	if err != nil {
		catalogListError(&resp.Diagnostics, "promotions", err)
		return
	}
	values := make([]promotionValues, 0, len(all))
	for _, p := range all {
		if matches(data.ReviewStatus, p.ReviewStatus) && matches(data.Status, p.Status) {
			values = append(values, promotionValuesOf(p))
		}
	}
	list, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: objectAttrTypes(promotionComputedAttributes())}, values)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data.Promotions = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
