package resources

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*clientCertificateDataSource)(nil)

// NewClientCertificateDataSource describes the provider's own client certificates, so teams can
// alert on expiry (for example with a check block on days_remaining). It makes no network call.
func NewClientCertificateDataSource() datasource.DataSource {
	return &clientCertificateDataSource{}
}

type clientCertificateDataSource struct {
	client *client.Client
}

type clientCertificateModel struct {
	CommonName        types.String `tfsdk:"common_name"`
	Subject           types.String `tfsdk:"subject"`
	SerialNumber      types.String `tfsdk:"serial_number"`
	NotBefore         types.String `tfsdk:"not_before"`
	NotAfter          types.String `tfsdk:"not_after"`
	DaysRemaining     types.Int64  `tfsdk:"days_remaining"`
	SHA256Fingerprint types.String `tfsdk:"sha256_fingerprint"`
	Certificates      types.List   `tfsdk:"certificates"`
}

// certificateAttrTypes is one element of `certificates`.
var certificateAttrTypes = map[string]attr.Type{
	"source":             types.StringType,
	"common_name":        types.StringType,
	"subject":            types.StringType,
	"serial_number":      types.StringType,
	"not_before":         types.StringType,
	"not_after":          types.StringType,
	"days_remaining":     types.Int64Type,
	"sha256_fingerprint": types.StringType,
	"currently_valid":    types.BoolType,
	"active":             types.BoolType,
}

func (d *clientCertificateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client_certificate"
}

func (d *clientCertificateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Describes the mTLS client certificate the provider presents (the currently valid one " +
			"that expires last) and every configured pair. Reads only the provider configuration: no network call. " +
			"Use it to alert on expiry before the console certificate runs out.",
		Attributes: map[string]schema.Attribute{
			"common_name":        computed("Common name of the active certificate: the mini-app's name (appName)."),
			"subject":            computed("Full subject distinguished name of the active certificate."),
			"serial_number":      computed("Serial number of the active certificate, upper-case hex."),
			"not_before":         computed("Start of validity of the active certificate, RFC 3339 UTC."),
			"not_after":          computed("Expiry of the active certificate, RFC 3339 UTC."),
			"days_remaining":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Whole days until the active certificate expires."},
			"sha256_fingerprint": computed("SHA-256 fingerprint of the active certificate (DER), lower-case hex."),
			"certificates": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Every configured certificate, primary first, then `additional_client_certificates` in order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"source":             computed("Where it is configured: `client_certificate` or `additional_client_certificates[N]`."),
					"common_name":        computed("Common name (the mini-app's name)."),
					"subject":            computed("Subject distinguished name."),
					"serial_number":      computed("Serial number, upper-case hex."),
					"not_before":         computed("Start of validity, RFC 3339 UTC."),
					"not_after":          computed("Expiry, RFC 3339 UTC."),
					"days_remaining":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Whole days until expiry (negative once expired)."},
					"sha256_fingerprint": computed("SHA-256 fingerprint (DER), lower-case hex."),
					"currently_valid":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is inside its validity period now."},
					"active":             schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is the certificate the provider presents."},
				}},
			},
		},
	}
}

func (d *clientCertificateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = sharedClient(req.ProviderData, &resp.Diagnostics)
}

func (d *clientCertificateDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientConfigured(d.client, &resp.Diagnostics) {
		return
	}
	active := d.client.ActiveCertificate()
	elems := make([]attr.Value, 0)
	for _, info := range d.client.Certificates() {
		obj, diags := types.ObjectValue(certificateAttrTypes, map[string]attr.Value{
			"source":             types.StringValue(info.Label),
			"common_name":        types.StringValue(info.CommonName),
			"subject":            types.StringValue(info.Subject),
			"serial_number":      types.StringValue(info.SerialNumber),
			"not_before":         types.StringValue(info.NotBefore.Format(time.RFC3339)),
			"not_after":          types.StringValue(info.NotAfter.Format(time.RFC3339)),
			"days_remaining":     types.Int64Value(info.DaysRemaining),
			"sha256_fingerprint": types.StringValue(info.SHA256Fingerprint),
			"currently_valid":    types.BoolValue(info.CurrentlyValid),
			"active":             types.BoolValue(info.SHA256Fingerprint == active.SHA256Fingerprint),
		})
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	list, diags := types.ListValue(types.ObjectType{AttrTypes: certificateAttrTypes}, elems)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	state := clientCertificateModel{
		CommonName:        types.StringValue(active.CommonName),
		Subject:           types.StringValue(active.Subject),
		SerialNumber:      types.StringValue(active.SerialNumber),
		NotBefore:         types.StringValue(active.NotBefore.Format(time.RFC3339)),
		NotAfter:          types.StringValue(active.NotAfter.Format(time.RFC3339)),
		DaysRemaining:     types.Int64Value(active.DaysRemaining),
		SHA256Fingerprint: types.StringValue(active.SHA256Fingerprint),
		Certificates:      list,
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
