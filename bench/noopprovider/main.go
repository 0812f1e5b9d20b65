// Command noopprovider is the floor of the benchmark: a provider built from the same framework
// as terraform-provider-appsintoss that serves everything the real provider serves — the same
// provider schema, and every resource, data source and ephemeral resource with the real one's
// schema, validators and ValidateConfig work (all delegated to the real types, so nothing can
// drift) — but does no I/O at all. Timing Terraform against it measures what Terraform, gRPC and
// the framework cost for the workload, which is what the real provider is compared with.
//
// What it leaves out, and so what the comparison charges to the real provider: Configure (the
// real one reads and checks the certificates and builds the client), and every API call:
// Create and Update store the plan with every unknown computed value filled in, Read returns the
// prior state, Delete forgets, ImportState is the real one's (it only parses the ID), a data
// source returns its configuration, and an ephemeral resource opens to its configuration.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"

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

var (
	_ provider.Provider                       = (*noopProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*noopProvider)(nil)
)

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

// The lists come from internal/resources, as the real provider's do, so a type added there is
// served by the floor too.

func (p *noopProvider) Resources(context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newReal := range resources.Resources() {
		out = append(out, func() resource.Resource { return &noopResource{real: newReal()} })
	}
	return out
}

func (p *noopProvider) DataSources(context.Context) []func() datasource.DataSource {
	var out []func() datasource.DataSource
	for _, newReal := range resources.DataSources() {
		out = append(out, func() datasource.DataSource { return &noopDataSource{real: newReal()} })
	}
	return out
}

func (p *noopProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	var out []func() ephemeral.EphemeralResource
	for _, newReal := range resources.EphemeralResources() {
		out = append(out, func() ephemeral.EphemeralResource { return &noopEphemeralResource{real: newReal()} })
	}
	return out
}
