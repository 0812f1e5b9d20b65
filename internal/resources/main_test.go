package resources_test

import (
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
)

// TestMain gives every acceptance test of this package a hermetic Terraform CLI configuration.
func TestMain(m *testing.M) { acctest.Main(m) }
