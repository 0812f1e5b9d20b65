package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

var (
	_ datasource.DataSourceWithConfigValidators = (*noopDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*noopDataSource)(nil)
)

// noopDataSource serves a real data source's schema and validation; Read returns the
// configuration, its computed attributes null, instead of asking the API.
type noopDataSource struct {
	real datasource.DataSource
}

func (d *noopDataSource) Metadata(ctx context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	d.real.Metadata(ctx, req, resp)
}

func (d *noopDataSource) Schema(ctx context.Context, req datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	d.real.Schema(ctx, req, resp)
}

func (d *noopDataSource) ConfigValidators(ctx context.Context) []datasource.ConfigValidator {
	if v, ok := d.real.(datasource.DataSourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}

func (d *noopDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	if v, ok := d.real.(datasource.DataSourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}

func (d *noopDataSource) Read(_ context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, err := known(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError("noop provider", err.Error())
		return
	}
	resp.State.Raw = state
}
