// Command noopprovider is the floor of the benchmark: a provider built from the same framework
// as terraform-provider-appsintoss, serving the same provider schema and the same resource
// schemas (taken from the real provider, so the attribute shape can never drift), but doing no
// I/O at all. Create and Update store the plan with every unknown computed value filled in; Read
// returns the prior state; Delete forgets. Timing Terraform against it measures what Terraform and
// gRPC cost for the workload, which is what the real provider is compared with.
package main

import (
	"context"
	"log"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/bench/internal/benchprof"
	appsintoss "github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/provider"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/resources"
)

func main() {
	appsintoss.TuneProcess(false)   // the same runtime settings as the real provider's main
	stop := benchprof.Start("noop") // only with BENCH_PROFILE_DIR (BENCH_PROFILE=1)
	err := providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{
		Address: "localhost/bench/appsintoss",
	})
	stop()
	if err != nil {
		log.Fatal(err)
	}
}

func newProvider() provider.Provider {
	return &noopProvider{real: appsintoss.New("bench")()}
}

var _ provider.Provider = (*noopProvider)(nil)

// noopProvider has the real provider's type name and schema, so the benchmark's configuration is
// byte-for-byte the same apart from the provider source address; Configure builds nothing.
type noopProvider struct {
	real provider.Provider
}

func (p *noopProvider) Metadata(ctx context.Context, req provider.MetadataRequest, resp *provider.MetadataResponse) {
	p.real.Metadata(ctx, req, resp)
	resp.Version = "bench"
}

func (p *noopProvider) Schema(ctx context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	p.real.Schema(ctx, req, resp)
}

func (p *noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *noopProvider) Resources(context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newReal := range resources.Resources() {
		out = append(out, func() resource.Resource { return &noopResource{real: newReal()} })
	}
	return out
}

func (p *noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

var _ resource.Resource = (*noopResource)(nil)

// noopResource borrows Metadata and Schema (attributes, validators, plan modifiers, defaults)
// from a real resource and replaces everything that would talk to the API.
type noopResource struct {
	real resource.Resource
}

func (r *noopResource) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.real.Metadata(ctx, req, resp)
}

func (r *noopResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real.Schema(ctx, req, resp)
}

func (r *noopResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	state, err := known(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("noop provider", err.Error())
		return
	}
	resp.State.Raw = state
}

// Read keeps the prior state, which the framework has already copied into resp.State.
func (r *noopResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *noopResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	state, err := known(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("noop provider", err.Error())
		return
	}
	resp.State.Raw = state
}

// Delete does nothing: the framework removes the resource from state.
func (r *noopResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// known replaces every unknown value of a planned object with a fixed known one: a string
// "noop", zero, false, or null for collections and objects. That is what "the server assigned a
// value" looks like to Terraform, without a server.
func known(plan tftypes.Value) (tftypes.Value, error) {
	return tftypes.Transform(plan, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		switch t := v.Type(); {
		case t.Is(tftypes.String):
			return tftypes.NewValue(t, "noop"), nil
		case t.Is(tftypes.Number):
			return tftypes.NewValue(t, new(big.Float)), nil
		case t.Is(tftypes.Bool):
			return tftypes.NewValue(t, false), nil
		default:
			return tftypes.NewValue(t, nil), nil
		}
	})
}
