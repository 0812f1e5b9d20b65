package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*iapOrderDataSource)(nil)

// NewIAPOrderDataSource reads an in-app purchase order's status (get-order-status).
func NewIAPOrderDataSource() datasource.DataSource {
	return &iapOrderDataSource{}
}

type iapOrderDataSource struct {
	client *client.Client
}

type iapOrderModel struct {
	OrderID            types.String `tfsdk:"order_id"`
	UserKey            wholeNumber  `tfsdk:"user_key"`
	Status             types.String `tfsdk:"status"`
	SKU                types.String `tfsdk:"sku"`
	StatusDeterminedAt types.String `tfsdk:"status_determined_at"`
	Reason             types.String `tfsdk:"reason"`
}

func (d *iapOrderDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_iap_order"
}

func (d *iapOrderDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an in-app purchase order's status (`get-order-status`). Every documented " +
			"status is an answer, not an error — including `NOT_FOUND` (no such order) and `MINIAPP_MISMATCH` " +
			"(the order belongs to another mini-app) — so configuration can branch on `status`.",
		Attributes: map[string]schema.Attribute{
			"order_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The order id (a UUID v7) the SDK returned when the order was created.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"user_key": schema.Int64Attribute{
				Optional:   true,
				CustomType: wholeNumberType{},
				MarkdownDescription: "The buyer's `userKey`, sent as `x-toss-user-key` when set. Optional: the docs " +
					"disagree on whether the header is required (the mini-app is identified by its certificate). " +
					"With it, an order of another user reads as `NOT_FOUND`.",
				Validators: []validator.Int64{int64validator.Between(1, maxUserKey)},
			},
			"status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`PURCHASED`, `PAYMENT_COMPLETED`, `FAILED`, `REFUNDED`, `ORDER_IN_PROGRESS`, " +
					"`NOT_FOUND`, `MINIAPP_MISMATCH` or `ERROR`. The current docs read `PURCHASED` as paid and granted " +
					"and `PAYMENT_COMPLETED` as paid but not yet granted; an older version of the page read " +
					"`PAYMENT_COMPLETED` as paid and granted (SDK 1.1.3 and later) — treat both as paid. A status " +
					"Apps in Toss adds later is passed through as it is.",
			},
			"sku": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The product's sku (e.g. `ait.0000010000.af647449.3bd55cfd00.0000000475`); null for `NOT_FOUND`, `MINIAPP_MISMATCH` and `ERROR`.",
			},
			"status_determined_at": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "When the order completed, or was refunded for `REFUNDED`, as Apps in Toss sends " +
					"it (`2025-09-12T16:57:12`: the samples carry no zone). Null while undecided and for " +
					"`NOT_FOUND`, `MINIAPP_MISMATCH` and `ERROR`.",
			},
			"reason": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Apps in Toss' explanation of the status, in Korean (e.g. `완료된 주문이에요.`).",
			},
		},
	}
}

func (d *iapOrderDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = sharedClient(req.ProviderData, &resp.Diagnostics)
}

func (d *iapOrderDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientConfigured(d.client, &resp.Diagnostics) {
		return
	}
	var data iapOrderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	order, err := d.client.GetIAPOrderStatus(ctx, data.OrderID.ValueString(), data.UserKey.ValueInt64())
	if err != nil {
		resp.Diagnostics.AddError("Reading the in-app purchase order failed",
			fmt.Sprintf("get-order-status for order_id %q did not succeed. An unknown order is not an error (it reads "+
				"as NOT_FOUND), so this is a refused request or an outage: with INVALID_PARAMETER check order_id and "+
				"user_key; retryable failures were already retried (max_retries).\n\n%s",
				data.OrderID.ValueString(), apiAnswerDetail(err)))
		return
	}
	data.Status = types.StringValue(order.Status)
	data.SKU = stringOrNull(order.SKU)
	data.StatusDeterminedAt = stringOrNull(order.StatusDeterminedAt)
	data.Reason = stringOrNull(order.Reason)
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
