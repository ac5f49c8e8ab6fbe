package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Map;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.View;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * A page is rendered whole before a byte of it is sent: a template that fails part-way sends
 * nothing, so the error page is shown instead of half a page cut off mid-stream.
 */
class PageRenderingTest {
    @EachDatabase
    void aTemplateThatFailsPartWaySendsNothing(TestNode node) throws Exception {
        ThymeleafViewResolver resolver = node.bean(ThymeleafViewResolver.class);
        View view = resolver.resolveViewName("console/test-broken", Locale.ENGLISH);
        assertThat(view).isNotNull();
        MockHttpServletRequest request = new MockHttpServletRequest(node.servletContext());
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThatThrownBy(() -> view.render(Map.of(), request, response))
                .hasMessageContaining("nothing");
        assertThat(response.getContentAsString()).isEmpty();
        assertThat(response.isCommitted()).isFalse();
    }
}
