package resources

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*paymentDataSource)(nil)

// NewPaymentDataSource reads a Toss Pay payment's status (get-payment-status on the pay host).
func NewPaymentDataSource() datasource.DataSource {
	return &paymentDataSource{}
}

type paymentDataSource struct {
	client *client.Client
}

type paymentModel struct {
	OrderNo          types.String `tfsdk:"order_no"`
	UserKey          wholeNumber  `tfsdk:"user_key"`
	PayToken         types.String `tfsdk:"pay_token"`
	IsTestPayment    types.Bool   `tfsdk:"is_test_payment"`
	PayStatus        types.String `tfsdk:"pay_status"`
	Mode             types.String `tfsdk:"mode"`
	Amount           types.Int64  `tfsdk:"amount"`
	PaidAmount       types.Int64  `tfsdk:"paid_amount"`
	RefundableAmount types.Int64  `tfsdk:"refundable_amount"`
	DiscountedAmount types.Int64  `tfsdk:"discounted_amount"`
	PayMethod        types.String `tfsdk:"pay_method"`
	CreatedAt        types.String `tfsdk:"created_at"`
	PaidAt           types.String `tfsdk:"paid_at"`
	Transactions     types.List   `tfsdk:"transactions"`
}

var paymentTransactionAttrTypes = map[string]attr.Type{
	"step_type":          types.StringType,
	"transaction_id":     types.StringType,
	"transaction_amount": types.Int64Type,
	"paid_amount":        types.Int64Type,
	"registered_at":      types.StringType,
}

// orderNoPattern is the documented rule for merchant order numbers (reference §3.3).
var orderNoPattern = regexp.MustCompile(`^[0-9A-Za-z_\-:.^@]{1,50}$`)

// maxUserKey is the largest userKey: a positive integer below 2^53.
const maxUserKey = 1<<53 - 1

func (d *paymentDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_payment"
}

func (d *paymentDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	num := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a Toss Pay payment (`get-payment-status` on `pay_endpoint`): its status, " +
			"amounts and PAY/REFUND transactions. Read-only: the provider never makes, executes or refunds a " +
			"payment. A payment that does not exist is an error.",
		Attributes: map[string]schema.Attribute{
			"order_no": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The merchant order number given to make-payment: digits, letters and " +
					"`_-:.^@`, at most 50 characters.",
				Validators: []validator.String{stringvalidator.RegexMatches(orderNoPattern,
					"must be 1 to 50 characters of digits, letters and _-:.^@ (the Toss Pay orderNo rule)")},
			},
			"user_key": schema.Int64Attribute{
				Required:            true,
				CustomType:          wholeNumberType{},
				MarkdownDescription: "The buyer's `userKey` (sent as `x-toss-user-key`): a positive integer below 2^53.",
				Validators:          []validator.Int64{int64validator.Between(1, maxUserKey)},
			},
			"pay_token": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "The `payToken` make-payment returned (at most 30 characters). Optional: the " +
					"docs disagree on whether it is needed with `order_no`; when set, both are sent and must name " +
					"the same payment. Sensitive, as it authorizes execute and refund calls.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 30)},
			},
			"is_test_payment": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Whether the payment was made in the sandbox (`isTestPayment`). Must match how " +
					"the payment was created. Default `false`.",
			},
			"pay_status": str("Payment status: `PAY_STANDBY` (waiting), `PAY_APPROVED` (buyer authenticated), " +
				"`PAY_CANCEL`, `PAY_PROGRESS`, `PAY_COMPLETE`, `REFUND_PROGRESS`, `REFUND_SUCCESS`, " +
				"`SETTLEMENT_COMPLETE` or `SETTLEMENT_REFUND_COMPLETE`."),
			"mode":              str("`TEST` (sandbox) or `LIVE`."),
			"amount":            num("Total amount in KRW."),
			"paid_amount":       num("Amount charged to the payment method, in KRW (null when the server omits it)."),
			"refundable_amount": num("Amount that can still be refunded, in KRW (null when the server omits it)."),
			"discounted_amount": num("Discounts (instant discounts and Toss points) in KRW (null when the server omits it)."),
			"pay_method":        str("`TOSS_MONEY` or `CARD`; null until the buyer has paid."),
			"created_at":        str("When the payment was first requested (`createdTs`), as Apps in Toss sends it: `yyyy-MM-dd HH:mm:ss`, no zone."),
			"paid_at":           str("When it was paid (`paidTs`), `yyyy-MM-dd HH:mm:ss`, no zone; null until paid."),
			"transactions": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "PAY and REFUND steps, in the order Apps in Toss lists them.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"step_type":          str("`PAY` or `REFUND`."),
					"transaction_id":     str("Unique transaction id, for receipts and reconciliation."),
					"transaction_amount": num("Amount of the step in KRW; negative for refunds."),
					"paid_amount":        num("Amount charged to (or returned to) the payment method, in KRW."),
					"registered_at":      str("When the step was registered (`regTs`), `yyyy-MM-dd HH:mm:ss`, no zone."),
				}},
			},
		},
	}
}

func (d *paymentDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = sharedClient(req.ProviderData, &resp.Diagnostics)
}

func (d *paymentDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientConfigured(d.client, &resp.Diagnostics) {
		return
	}
	var data paymentModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if data.IsTestPayment.IsNull() || data.IsTestPayment.IsUnknown() {
		data.IsTestPayment = types.BoolValue(false)
	}
	p, err := d.client.GetPaymentStatus(ctx, client.PaymentStatusRequest{
		UserKey: data.UserKey.ValueInt64(), OrderNo: data.OrderNo.ValueString(),
		PayToken: data.PayToken.ValueString(), IsTestPayment: data.IsTestPayment.ValueBool(),
	})
	if err != nil {
		d.reportError(data, err, &resp.Diagnostics)
		return
	}

	data.PayStatus = types.StringValue(p.PayStatus)
	data.Mode = stringOrNull(p.Mode)
	data.Amount = types.Int64PointerValue(p.Amount)
	data.PaidAmount = types.Int64PointerValue(p.PaidAmount)
	data.RefundableAmount = types.Int64PointerValue(p.RefundableAmount)
	data.DiscountedAmount = types.Int64PointerValue(p.DiscountedAmount)
	data.PayMethod = stringOrNull(p.PayMethod)
	data.CreatedAt = stringOrNull(p.CreatedAt)
	data.PaidAt = stringOrNull(p.PaidAt)
	elems := make([]attr.Value, 0, len(p.Transactions))
	for _, t := range p.Transactions {
		obj, diags := types.ObjectValue(paymentTransactionAttrTypes, map[string]attr.Value{
			"step_type":          types.StringValue(t.StepType),
			"transaction_id":     stringOrNull(t.TransactionID),
			"transaction_amount": types.Int64PointerValue(t.TransactionAmount),
			"paid_amount":        types.Int64PointerValue(t.PaidAmount),
			"registered_at":      stringOrNull(t.RegisteredAt),
		})
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	list, diags := types.ListValue(types.ObjectType{AttrTypes: paymentTransactionAttrTypes}, elems)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data.Transactions = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// payFieldAttributes maps the request fields Toss Pay blames (error.data.field) to arguments.
var payFieldAttributes = map[string]string{
	"x-toss-user-key": "user_key", "orderNo": "order_no", "payToken": "pay_token", "isTestPayment": "is_test_payment",
}

func (d *paymentDataSource) reportError(data paymentModel, err error, diags *diag.Diagnostics) {
	mode := "live"
	if data.IsTestPayment.ValueBool() {
		mode = "test"
	}
	if client.IsNotFound(err) {
		diags.AddAttributeError(path.Root("order_no"), "Payment not found",
			fmt.Sprintf("Apps in Toss has no %s payment with order_no %q for user_key %d. Check the order number, "+
				"that user_key is the buyer's, and that is_test_payment matches how the payment was made "+
				"(true for sandbox payments).\n\n%s", mode, data.OrderNo.ValueString(), data.UserKey.ValueInt64(), apiAnswerDetail(err)))
		return
	}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		if attrName, ok := payFieldAttributes[apiErr.Field()]; ok {
			diags.AddAttributeError(path.Root(attrName), "Apps in Toss refused the payment lookup",
				fmt.Sprintf("Toss Pay rejected %s for this payment. Check it against the payment (the buyer's user_key, "+
					"the order_no and pay_token make-payment used, is_test_payment as created).\n\n%s", attrName, apiAnswerDetail(err)))
			return
		}
	}
	diags.AddError("Reading the payment failed",
		fmt.Sprintf("get-payment-status for order_no %q did not succeed. Retryable failures were already retried "+
			"(max_retries); check pay_endpoint and the error below.\n\n%s", data.OrderNo.ValueString(), apiAnswerDetail(err)))
}
