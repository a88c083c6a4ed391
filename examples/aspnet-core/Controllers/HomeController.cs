using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AccountLinkerExample.Controllers;

[Authorize] // signed out: the OpenID Connect challenge (the tenant's sign-in page)
public class HomeController : Controller
{
    public IActionResult Index() => RedirectToAction(nameof(Account));

    // The page holds no token: the element asks /account/identities on this app.
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public IActionResult Account() => View();
}
