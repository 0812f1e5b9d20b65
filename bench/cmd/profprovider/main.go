// Command profprovider is terraform-provider-appsintoss with profiling, for the benchmark only:
// the same provider package and the same providerserver.Serve call as the repository's main.go,
// plus the CPU and heap profiles of bench/internal/benchprof. bench/run.sh puts it in place of
// the real binary when BENCH_PROFILE=1; the provider's own code is untouched.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/bench/internal/benchprof"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/provider"
)

func main() {
	provider.TuneProcess(false) // as main.go does
	stop := benchprof.Start("real")
	err := providerserver.Serve(context.Background(), provider.New("bench-profile"), providerserver.ServeOpts{
		Address: "registry.terraform.io/appsintoss-terraform/appsintoss",
	})
	stop()
	if err != nil {
		log.Fatal(err.Error())
	}
}
