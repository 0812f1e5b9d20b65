output "mini_app" {
  description = "The mini-app the client certificate belongs to, and how long the certificate lasts."
  value = {
    name           = data.appsintoss_client_certificate.current.common_name
    days_remaining = data.appsintoss_client_certificate.current.days_remaining
  }
}

output "push_templates" {
  description = "Template set codes that services send messages with, their review and their placeholders."
  value = {
    for t in [appsintoss_push_template.class_reminder, appsintoss_push_template.seat_opened] :
    t.template_set_code => {
      review    = t.review_status
      variables = t.variables
    }
  }
}

output "promotion" {
  description = "The points promotion: codes to grant with, run status and review."
  value = {
    promotion_code      = appsintoss_promotion.first_class.promotion_code
    test_promotion_code = appsintoss_promotion.first_class.test_promotion_code
    status              = appsintoss_promotion.first_class.status
    review              = appsintoss_promotion.first_class.review_status
  }
}

output "iap_products" {
  description = "Products for sale: the SKU the SDK sells under, the price users pay, and catalog state."
  value = {
    for p in [appsintoss_iap_product.class_pass, appsintoss_iap_product.membership] :
    p.name => {
      type           = p.type
      sku            = p.sku
      gross_price    = p.gross_price
      catalog_status = p.catalog_status
    }
  }
}

output "test_account" {
  # nonsensitive() only because this is the emulator's made-up test user: never unwrap a real
  # user's personal data into an output.
  description = "The test account behind the refresh token. The name is demo data, shown on purpose."
  value = {
    user_key = data.appsintoss_login_user.test_account.user_key
    scope    = data.appsintoss_login_user.test_account.scope
    name     = nonsensitive(data.appsintoss_login_user.test_account.name)
  }
}

output "payments" {
  description = "Toss Pay payments of the test account."
  value = {
    for order_no, p in data.appsintoss_payment.orders : order_no => {
      status            = p.pay_status
      amount            = p.amount
      refundable_amount = p.refundable_amount
      method            = p.pay_method
    }
  }
}

output "iap_orders" {
  description = "In-app purchase orders and whether each one was paid."
  value = {
    for id, o in data.appsintoss_iap_order.purchases : id => {
      status = o.status
      sku    = o.sku
      paid   = contains(["PURCHASED", "PAYMENT_COMPLETED"], o.status)
    }
  }
}

output "class_pass_product_id" {
  description = "Product id of the 10-class pass (used by tests/ to prove that a price change keeps the product)."
  value       = appsintoss_iap_product.class_pass.product_id
}
