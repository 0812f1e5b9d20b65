# Tests of examples/demo against the Apps in Toss emulator: what an infra repo can run in CI to
# test its Apps in Toss configuration without Toss credentials. `make test-examples` (part of
# `make test`) starts an emulator seeded with ../seed.json, points the APPSINTOSS_* environment
# variables at it and runs `terraform test` here. Each run block works on the configuration in
# the parent directory; resources created by apply runs are destroyed when the file ends.

# Plan only: the configuration is valid and reads the seeded runtime state during plan.
run "plan_reads_runtime_state" {
  command = plan

  assert {
    condition     = data.appsintoss_client_certificate.current.common_name == "demo-app"
    error_message = "The provider should present the emulator's demo-app client certificate."
  }

  assert {
    condition     = data.appsintoss_login_user.test_account.user_key == 443731103
    error_message = "The test account's refresh token should resolve to userKey 443731103."
  }

  assert {
    condition     = contains(data.appsintoss_login_user.test_account.scope, "user_key")
    error_message = "The test account's login should grant the user_key scope."
  }

  assert {
    condition     = data.appsintoss_payment.orders["yoga-class-20250301-0001"].pay_status == "PAY_COMPLETE"
    error_message = "The class payment should be complete."
  }

  assert {
    condition     = data.appsintoss_payment.orders["yoga-mat-20250302-0001"].refundable_amount == 0
    error_message = "The refunded mat payment should have nothing left to refund."
  }

  assert {
    condition     = data.appsintoss_iap_order.purchases["019a1b2c-3d4e-7f60-8a1b-2c3d4e5f6a7c"].status == "REFUNDED"
    error_message = "The second IAP order should read as refunded."
  }

  assert {
    condition     = appsintoss_push_template.class_reminder.variables == tolist(["className", "startTime", "userName"])
    error_message = "The plan should list the reminder template's placeholders, sorted."
  }
}

# Apply: every catalog entry is reviewed (the emulator approves at once), the promotion runs and
# the products are on sale with the prices users pay.
run "apply_publishes_the_catalog" {
  command = apply

  assert {
    condition     = appsintoss_push_template.class_reminder.template_set_code == "demo-app-CLASS_REMINDER"
    error_message = "Template set codes are <appName>-<code>."
  }

  assert {
    condition = alltrue([
      for t in [appsintoss_push_template.class_reminder, appsintoss_push_template.seat_opened] :
      t.review_status == "APPROVED"
    ])
    error_message = "Both templates should be approved after apply (wait_for_review = true)."
  }

  assert {
    condition     = appsintoss_promotion.first_class.status == "RUNNING"
    error_message = "The approved promotion should be running (enabled = true)."
  }

  assert {
    condition     = appsintoss_promotion.first_class.test_promotion_code == "TEST_${appsintoss_promotion.first_class.promotion_code}"
    error_message = "The test promotion code is TEST_ followed by the promotion code."
  }

  assert {
    condition     = appsintoss_iap_product.class_pass.gross_price == 99000 && appsintoss_iap_product.membership.gross_price == 108900
    error_message = "Gross prices are the net prices plus 10% VAT."
  }

  assert {
    condition = alltrue([
      for p in [appsintoss_iap_product.class_pass, appsintoss_iap_product.membership] :
      p.catalog_status == "ACTIVE" && p.sku != null
    ])
    error_message = "Both products should be approved, active and have a SKU."
  }

  assert {
    condition     = output.iap_orders["019a1b2c-3d4e-7f60-8a1b-2c3d4e5f6a7b"].paid
    error_message = "The first IAP order is paid (PAYMENT_COMPLETED)."
  }
}

# Changing a price updates the product in place and sends it through review again; the product
# keeps its id and SKU.
run "price_change_updates_in_place" {
  command = apply

  variables {
    class_pass_price = 100000
  }

  assert {
    condition     = appsintoss_iap_product.class_pass.gross_price == 110000
    error_message = "The new gross price should be 100,000 KRW plus 10% VAT."
  }

  assert {
    condition     = appsintoss_iap_product.class_pass.product_id == run.apply_publishes_the_catalog.class_pass_product_id
    error_message = "A price change must not replace the product."
  }

  assert {
    condition     = appsintoss_iap_product.class_pass.review_status == "APPROVED"
    error_message = "The changed product should be approved again (wait_for_review = true)."
  }
}

# The configuration's own rules fail the plan before anything is sent.
run "rejects_a_price_off_the_10_krw_grid" {
  command = plan

  variables {
    class_pass_price = 12345
  }

  expect_failures = [
    var.class_pass_price,
  ]
}
